import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetTeam, refreshTeam } from '../lib/team.svelte';
import { AppError } from '../lib/errors';
import { who } from '../lib/currentUser.svelte';
import type { TeamMember } from '../lib/generated/TeamMember';
import WhoChooser from './WhoChooser.svelte';

const backend = vi.hoisted(() => ({ listMembers: vi.fn(), chooseCurrentUser: vi.fn(), currentUser: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const member = (id: number, name: string, roleName = 'Occupational therapist'): TeamMember => ({
  id, name, roleKey: 'ot', roleName, organisation: '', email: '', phone: '', coreMember: true,
});
const priya = member(2, 'Priya Example');
const ade = member(3, 'Ade Sample', 'Social prescribing link worker');

beforeEach(() => {
  forgetTeam();
  vi.resetAllMocks();
  who.user = null;
});

describe('WhoChooser', () => {
  it('records the name clicked as the person using the app', async () => {
    backend.listMembers.mockResolvedValue([ade, priya]);
    const user = { member: ade, actor: 'Ade Sample', computerUser: 'root', mustChoose: false, leftRoster: null };
    backend.chooseCurrentUser.mockResolvedValue(user);
    const onchosen = vi.fn();
    render(WhoChooser, { onclose: vi.fn(), onchosen });
    await fireEvent.click(await screen.findByRole('button', { name: 'Ade Sample' }));
    await waitFor(() => expect(onchosen).toHaveBeenCalledWith('Ade Sample'));
    expect(backend.chooseCurrentUser).toHaveBeenCalledWith(3);
    expect(who.user).toEqual(user);
    expect(screen.getByText('Social prescribing link worker · you, now')).toBeTruthy();
  });

  it('marks who is chosen now, and offers a filter only for a long roster', async () => {
    who.user = { member: priya, actor: 'Priya Example', computerUser: 'root', mustChoose: false, leftRoster: null };
    backend.listMembers.mockResolvedValue([ade, priya]);
    const short = render(WhoChooser, { onclose: vi.fn(), onchosen: vi.fn() });
    const current = await screen.findByRole('button', { name: 'Priya Example' });
    expect(current.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('button', { name: 'Ade Sample' }).getAttribute('aria-current')).toBeNull();
    expect(screen.queryByLabelText('Find your name')).toBeNull();
    short.unmount();

    const trees = ['Ash', 'Birch', 'Cedar', 'Elm', 'Fir', 'Hazel', 'Holly', 'Larch', 'Maple', 'Oak', 'Rowan', 'Yew'];
    backend.listMembers.mockResolvedValue(trees.map((tree, i) => member(10 + i, `Sam ${tree}`)));
    await refreshTeam(); // the roster changed
    render(WhoChooser, { onclose: vi.fn(), onchosen: vi.fn() });
    const filter = await screen.findByLabelText('Find your name');
    expect(screen.getAllByRole('button')).toHaveLength(13);
    await fireEvent.input(filter, { target: { value: 'cedar' } });
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Sam Cedar', 'Cancel']);
  });

  it('says why a choice did not work and keeps the list open', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    backend.chooseCurrentUser.mockRejectedValue(
      new AppError({ code: 'invalid', field: 'memberId', message: 'Team member #2 is not on the roster (any more).' }),
    );
    const onchosen = vi.fn();
    render(WhoChooser, { onclose: vi.fn(), onchosen });
    await fireEvent.click(await screen.findByRole('button', { name: 'Priya Example' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not on the roster');
    expect(onchosen).not.toHaveBeenCalled();
    expect(who.user).toBeNull();
  });
});
