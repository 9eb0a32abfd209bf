import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { RoleProfile } from '../lib/generated/RoleProfile';
import ProfileForm from './ProfileForm.svelte';

const backend = vi.hoisted(() => ({ saveRoleProfile: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};
Element.prototype.scrollIntoView = function () {};

const ot: RoleProfile = {
  key: 'ot', name: 'Occupational therapist', summary: 'Helps.', regulation: 'HCPC.', accountability: 'HCPC standards.',
  approach: 'Looks.', focus: 'Daily life.', interventions: ['Home visits'], risk: 'Falls.', boundaries: ['No medicines'],
  settings: ['Practice'], leads: ['Functional need'], examples: [], shared: ['Goals'],
  referral: { when: ['Falls', 'Unsafe home'], route: 'Refer.', feedback: '' }, escalation: [{ concern: 'Abuse', route: 'Safeguarding lead' }],
  local: { criteria: '', contact: '', waiting: '' },
};

beforeEach(() => vi.resetAllMocks());

describe('ProfileForm', () => {
  it('saves the team’s local details with the rest of the profile', async () => {
    backend.saveRoleProfile.mockResolvedValue({});
    const onsaved = vi.fn();
    render(ProfileForm, { profile: ot, onsaved, oncancel: vi.fn() });
    await fireEvent.input(screen.getByLabelText('Local contact'), { target: { value: 'OT duty line' } });
    await fireEvent.input(screen.getByLabelText('Usual wait'), { target: { value: 'About three weeks' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the team’s copy' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const [key, saved] = backend.saveRoleProfile.mock.calls[0];
    expect(key).toBe('ot');
    expect(saved.local).toEqual({ criteria: '', contact: 'OT duty line', waiting: 'About three weeks' });
    expect(saved.referral.when).toEqual(['Falls', 'Unsafe home']);
  });

  it('shows the core’s error beside the list and line it is about', async () => {
    backend.saveRoleProfile.mockRejectedValue(
      new AppError({
        code: 'bad_profile',
        field: 'referral.when[2]',
        message: 'ot.toml (team edit): `referral.when[2]` is too long (301 characters): keep it under 300.',
      }),
    );
    render(ProfileForm, { profile: ot, onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the team’s copy' }));
    const box = screen.getByLabelText(/^Refer when/);
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    const described = box.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described.join(' ')).toContain('Line 2 is too long (301 characters): keep it under 300.');
    expect(document.activeElement).toBe(box);
  });
});
