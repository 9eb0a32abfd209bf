import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import PersonPanel from './PersonPanel.svelte';

const backend = vi.hoisted(() => ({ openPersonProfile: vi.fn(), savePersonProfile: vi.fn(), auditHistory: vi.fn(), listMembers: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const words = (whatMatters: string, goals = '', carePlanReference = '') => ({ whatMatters, goals, carePlanReference });
const saved = (version: number, profile: ReturnType<typeof words>, savedBy: string | null = null) => ({
  caseId: 3, reference: 'AB-0101', profile, version, savedAt: version ? '2026-03-02T13:05:00Z' : null, savedBy,
});

beforeEach(() => {
  vi.resetAllMocks();
});

describe('PersonPanel', () => {
  it('asks for what matters when nothing is recorded, and saves on the version it opened', async () => {
    backend.openPersonProfile.mockResolvedValue(saved(0, words('')));
    backend.savePersonProfile.mockImplementation(async (_id, v, p) => saved(v + 1, p, 'Priya Example'));
    render(PersonPanel, { props: { caseId: 3, reference: 'AB-0101' } });
    expect((await screen.findByTestId('person-blank')).textContent).toContain('Not recorded yet.');
    await fireEvent.click(screen.getByRole('button', { name: 'Record what matters' }));
    await fireEvent.input(screen.getByLabelText('What matters to them, in their own words'), { target: { value: 'Her garden' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(backend.savePersonProfile).toHaveBeenCalledWith(3, 0, words('Her garden')));
    expect((await screen.findByText('Her garden')).tagName).toBe('DD');
    expect(screen.queryByLabelText('What matters to them, in their own words')).toBeNull();
  });

  it('when someone saved since, shows theirs, keeps the words typed, and saves them on the newer version', async () => {
    backend.openPersonProfile.mockResolvedValueOnce(saved(1, words('Her garden'), 'Priya Example'));
    render(PersonPanel, { props: { caseId: 3, reference: 'AB-0101' } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    await fireEvent.input(screen.getByLabelText('Their goals'), { target: { value: 'Plant potatoes' } });
    backend.savePersonProfile.mockRejectedValueOnce(new AppError({ code: 'conflict', field: 'version', message: 'saved by someone else' }));
    backend.openPersonProfile.mockResolvedValueOnce(saved(2, words('Her garden and her cat'), 'Ade Sample'));
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('Ade Sample saved a newer version');
    expect(notice.textContent).toContain('Her garden and her cat');
    expect((screen.getByLabelText('Their goals') as HTMLTextAreaElement).value).toBe('Plant potatoes');
    backend.savePersonProfile.mockImplementationOnce(async (_id, v, p) => saved(v + 1, p, 'Priya Example'));
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(backend.savePersonProfile).toHaveBeenLastCalledWith(3, 2, words('Her garden', 'Plant potatoes')));
    expect(await screen.findByText('Plant potatoes')).toBeTruthy();
  });
});
