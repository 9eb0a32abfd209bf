import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import WhoChooser from '../components/WhoChooser.svelte';
import { chooseCurrentUser } from './currentUser.svelte';
import type { TeamMember } from './generated/TeamMember';
import { forgetTeam, refreshTeam, team, teamMembers } from './team.svelte';

const backend = vi.hoisted(() => ({ listMembers: vi.fn(), chooseCurrentUser: vi.fn() }));
vi.mock('./backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const member = (id: number, name: string): TeamMember => ({
  id, name, roleKey: 'ot', roleName: 'Occupational therapist', organisation: '', email: '', phone: '', coreMember: true,
});
const priya = member(2, 'Priya Example');
const ade = member(3, 'Ade Sample');

function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  vi.resetAllMocks();
  forgetTeam();
});

describe('the shared team list', () => {
  it('is asked for once however many screens and dialogs want it at the same time', async () => {
    const answer = later<TeamMember[]>();
    backend.listMembers.mockReturnValue(answer.promise);
    const asks = [teamMembers(), teamMembers(), teamMembers()];
    answer.resolve([priya]);
    expect(await Promise.all(asks)).toEqual([[priya], [priya], [priya]]);
    expect(await teamMembers()).toEqual([priya]);
    expect(backend.listMembers).toHaveBeenCalledTimes(1);
    expect(team.members).toEqual([priya]);
  });

  it('is shared by the dialogs that open one after another', async () => {
    backend.listMembers.mockResolvedValue([ade, priya]);
    const first = render(WhoChooser, { onclose: vi.fn(), onchosen: vi.fn() });
    await screen.findByRole('button', { name: 'Priya Example' });
    first.unmount();
    render(WhoChooser, { onclose: vi.fn(), onchosen: vi.fn() });
    await screen.findByRole('button', { name: 'Priya Example' });
    expect(backend.listMembers).toHaveBeenCalledTimes(1);
  });

  it('is asked for again when the roster changes, and everyone sees the new list', async () => {
    backend.listMembers.mockResolvedValueOnce([priya]).mockResolvedValueOnce([ade, priya]);
    expect(await teamMembers()).toEqual([priya]);
    await refreshTeam();
    expect(team.members).toEqual([ade, priya]);
    expect(await teamMembers()).toEqual([ade, priya]);
    expect(backend.listMembers).toHaveBeenCalledTimes(2);
  });

  it('never lets the answer to an older request replace a newer one', async () => {
    const before = later<TeamMember[]>();
    const after = later<TeamMember[]>();
    backend.listMembers.mockReturnValueOnce(before.promise).mockReturnValueOnce(after.promise);
    const first = teamMembers();
    const refreshed = refreshTeam();
    after.resolve([ade, priya]);
    await refreshed;
    before.resolve([priya]);
    // The first caller is answered with the newer list too.
    expect(await first).toEqual([ade, priya]);
    expect(team.members).toEqual([ade, priya]);
  });

  it('reports a failure to whoever asked, and asks again next time', async () => {
    backend.listMembers.mockRejectedValueOnce({ code: 'io', message: 'The database is locked.' }).mockResolvedValueOnce([priya]);
    await expect(teamMembers()).rejects.toEqual({ code: 'io', message: 'The database is locked.' });
    expect(await teamMembers()).toEqual([priya]);
    expect(backend.listMembers).toHaveBeenCalledTimes(2);
  });

  it('keeps the list shown when asking again fails, and the next use asks once more', async () => {
    backend.listMembers
      .mockResolvedValueOnce([priya])
      .mockRejectedValueOnce({ code: 'io', message: 'The database is locked.' })
      .mockResolvedValueOnce([ade, priya]);
    await teamMembers();
    await expect(refreshTeam()).resolves.toBeUndefined();
    expect(team.members).toEqual([priya]);
    expect(await teamMembers()).toEqual([ade, priya]);
    expect(backend.listMembers).toHaveBeenCalledTimes(3);
  });

  it('is asked for again when the person using the app changes', async () => {
    backend.listMembers.mockResolvedValueOnce([priya]).mockResolvedValueOnce([ade, priya]);
    backend.chooseCurrentUser.mockResolvedValue({ member: priya, actor: 'Priya Example', computerUser: 'root', mustChoose: false, leftRoster: null });
    await teamMembers();
    expect(backend.listMembers).toHaveBeenCalledTimes(1);
    await chooseCurrentUser(priya.id);
    await vi.waitFor(() => expect(team.members).toEqual([ade, priya]));
    expect(backend.listMembers).toHaveBeenCalledTimes(2);
  });
});
