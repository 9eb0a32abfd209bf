import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import SupervisedRoles from './SupervisedRoles.svelte';

const backend = vi.hoisted(() => ({ listRoles: vi.fn(), supervisedRoles: vi.fn(), setSupervisedRoles: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const roles = [
  { key: 'ot', name: 'Occupational therapist', clinical: true },
  { key: 'splw', name: 'Social prescribing link worker', clinical: false },
  { key: 'nurse', name: 'Practice or district nurse', clinical: true },
];
const splw = { key: 'splw', name: 'Social prescribing link worker', fromGuidance: true };

beforeEach(() => {
  vi.resetAllMocks();
  backend.listRoles.mockResolvedValue(roles);
  backend.supervisedRoles.mockResolvedValue([splw]);
});

describe('SupervisedRoles', () => {
  it('keeps SPLWs checked, labels the rest as the team’s choice, and saves what is ticked', async () => {
    render(SupervisedRoles);
    const splwBox = (await screen.findByLabelText(/Social prescribing link worker/)) as HTMLInputElement;
    expect(splwBox.checked && splwBox.disabled).toBe(true);
    const ot = screen.getByLabelText(/Occupational therapist/) as HTMLInputElement;
    // The control: nothing else is checked, and nothing is called the team's choice yet.
    expect(ot.checked).toBe(false);
    expect(screen.queryByText("(the team's choice)")).toBeNull();
    await fireEvent.click(ot);
    expect(screen.getByText("(the team's choice)")).toBeTruthy();
    backend.setSupervisedRoles.mockResolvedValue([splw, { key: 'ot', name: 'Occupational therapist', fromGuidance: false }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save roles to check' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Supervision is checked for: Social prescribing link worker, Occupational therapist.'));
    expect(backend.setSupervisedRoles).toHaveBeenCalledWith(['splw', 'ot']);
  });

  it('shows the core’s refusal beside the roles and keeps what was ticked', async () => {
    backend.setSupervisedRoles.mockRejectedValue(new AppError({ code: 'invalid', field: 'roles', message: "'wizard' is not a known role." }));
    render(SupervisedRoles);
    const nurse = (await screen.findByLabelText(/Practice or district nurse/)) as HTMLInputElement;
    await fireEvent.click(nurse);
    await fireEvent.click(screen.getByRole('button', { name: 'Save roles to check' }));
    expect((await screen.findByRole('alert')).textContent).toContain("'wizard' is not a known role.");
    expect(nurse.checked).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
