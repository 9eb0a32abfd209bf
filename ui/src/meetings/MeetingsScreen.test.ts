import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetTeam } from '../lib/team.svelte';
import type { MeetingsOverview } from '../lib/generated/MeetingsOverview';
import type { SeriesDefaults } from '../lib/generated/SeriesDefaults';
import type { TeamMember } from '../lib/generated/TeamMember';
import MeetingsScreen from './MeetingsScreen.svelte';

const backend = vi.hoisted(() => ({
  listMeetings: vi.fn(),
  listMembers: vi.fn(),
  demoStatus: vi.fn(),
  loadDemo: vi.fn(),
  currentUser: vi.fn(),
  seriesDefaults: vi.fn(),
  uiReady: vi.fn(),
  overdueReviews: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const member = (id: number, name: string, roleName: string): TeamMember => ({
  id, name, roleKey: 'gp', roleName, organisation: '', email: '', phone: '', coreMember: true,
});
const gwen = member(1, 'Dr Gwen Imaginary', 'GP');
const priya = member(2, 'Priya Example', 'Occupational therapist');
const ade = member(3, 'Ade Sample', 'Social prescribing link worker');

const none: MeetingsOverview = { upcoming: [], past: [], pastTotal: 0 };
const notLoaded = { loaded: false, series: 'Riverside Neighbourhood MDT (demo)', members: 0 };

beforeEach(() => {
  forgetTeam();
  vi.resetAllMocks();
  backend.uiReady.mockResolvedValue(undefined);
  backend.demoStatus.mockResolvedValue(notLoaded);
  backend.currentUser.mockResolvedValue({ member: null, actor: 'root', computerUser: 'root', mustChoose: true, leftRoster: null });
  backend.seriesDefaults.mockResolvedValue([]);
  backend.overdueReviews.mockResolvedValue([]);
});

describe('MeetingsScreen on first start', () => {
  it('says in words, tied to the button, why a meeting cannot be planned yet', async () => {
    backend.listMeetings.mockResolvedValue(none);
    backend.listMembers.mockResolvedValue([]);
    render(MeetingsScreen);
    const why = await screen.findByText('Add your team first: a meeting needs a chair.');
    const plan = screen.getByRole('button', { name: 'Plan a meeting' }) as HTMLButtonElement;
    expect(plan.disabled).toBe(true);
    expect(plan.getAttribute('aria-describedby')).toBe(why.id);
  });

  it('has nothing to explain once the team is there', async () => {
    backend.listMeetings.mockResolvedValue(none);
    backend.listMembers.mockResolvedValue([gwen]);
    render(MeetingsScreen);
    await screen.findByText('No meetings yet');
    const plan = screen.getByRole('button', { name: 'Plan a meeting' }) as HTMLButtonElement;
    expect(plan.disabled).toBe(false);
    expect(plan.getAttribute('aria-describedby')).toBeNull();
    expect(screen.queryByText(/a meeting needs a chair/)).toBeNull();
  });

  it('sends "Add my team" straight to the form for adding someone', async () => {
    backend.listMeetings.mockResolvedValue(none);
    backend.listMembers.mockResolvedValue([]);
    render(MeetingsScreen);
    const link = await screen.findByRole('link', { name: 'Add my team' });
    expect(link.getAttribute('href')).toBe('#/roster/new');
  });

  it('loads the demo, says it is fictional, asks who is using the app, and no longer offers it', async () => {
    backend.listMeetings.mockResolvedValueOnce(none);
    backend.listMembers.mockResolvedValueOnce([]);
    render(MeetingsScreen);
    expect(screen.queryByTestId('demo-notice')).toBeNull();
    backend.loadDemo.mockResolvedValue({ series: 'Riverside Neighbourhood MDT (demo)', members: 12, meetings: 4, cases: 14, actions: 20 });
    backend.listMembers.mockResolvedValue([gwen, priya]);
    backend.demoStatus.mockResolvedValue({ ...notLoaded, loaded: true, members: 12 });
    backend.listMeetings.mockResolvedValue({
      upcoming: [
        { id: 4, title: 'Riverside MDT (demo): reviews', seriesName: 'Riverside Neighbourhood MDT (demo)', startsAt: '2026-03-30T13:00', status: 'planned', caseCount: 1, actionCount: 0 },
      ],
      past: [
        { id: 1, title: 'Riverside MDT (demo): referrals', seriesName: 'Riverside Neighbourhood MDT (demo)', startsAt: '2026-02-16T13:00', status: 'finalised', caseCount: 4, actionCount: 1 },
      ],
      pastTotal: 1,
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Explore with demo data' }));
    const notice = await screen.findByTestId('demo-notice');
    expect(notice.textContent).toContain('fictional team');
    expect(backend.loadDemo).toHaveBeenCalledWith(false);
    await waitFor(() => expect(backend.currentUser).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Explore with demo data' })).toBeNull();
    // Counts read as English.
    expect(screen.getByText('1 case, 0 actions')).toBeTruthy();
    expect(screen.getByText('4 cases, 1 action')).toBeTruthy();
  });
});

describe('planning a meeting in an existing series', () => {
  const riverside: SeriesDefaults = {
    seriesName: 'Riverside Neighbourhood MDT', fromMeetingId: 9, fromStartsAt: '2026-03-16T13:00', plannedMinutes: 75,
    location: 'Hilltop Surgery, library', videoLink: 'https://meet.example.org/hilltop', chairId: 2, minuteTakerId: 3,
  };

  async function openPlanner(defaultSeries: string) {
    backend.listMembers.mockResolvedValue([gwen, priya, ade]);
    backend.seriesDefaults.mockResolvedValue([riverside]);
    backend.listMeetings.mockResolvedValue({
      upcoming: [{ id: 9, title: 'Riverside MDT', seriesName: defaultSeries, startsAt: '2026-03-16T13:00', status: 'planned', caseCount: 0, actionCount: 0 }],
      past: [],
      pastTotal: 0,
    });
    render(MeetingsScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Plan a meeting' }));
    return within(await screen.findByRole('dialog'));
  }

  const value = (dialog: ReturnType<typeof within>, label: RegExp) => (dialog.getByLabelText(label) as HTMLInputElement).value;

  it('starts from the chair, minute-taker, length, place and link of its latest meeting, and says so', async () => {
    const dialog = await openPlanner('Riverside Neighbourhood MDT');
    await waitFor(() => expect(value(dialog, /^Place/)).toBe('Hilltop Surgery, library'));
    expect(value(dialog, /Planned length/)).toBe('75');
    expect(value(dialog, /Video link/)).toBe('https://meet.example.org/hilltop');
    const chair = dialog.getByLabelText(/^Chair/) as HTMLSelectElement;
    expect(chair.selectedOptions[0].textContent).toBe('Priya Example (Occupational therapist)');
    const taker = dialog.getByLabelText(/Minute-taker/) as HTMLSelectElement;
    expect(taker.selectedOptions[0].textContent).toBe('Ade Sample (Social prescribing link worker)');
    expect(dialog.getByText(/as at this series’ meeting of\s+Monday 16 March 2026/)).toBeTruthy();
  });

  it('leaves a new series alone, and fills in when the planner picks an existing one; their own changes then stand', async () => {
    const dialog = await openPlanner('Another series');
    const series = dialog.getByLabelText(/Team or series/) as HTMLInputElement;
    await waitFor(() => expect(backend.seriesDefaults).toHaveBeenCalled());
    expect(value(dialog, /^Place/)).toBe('');
    expect(value(dialog, /Planned length/)).toBe('90');
    expect(dialog.queryByText(/as at this series’ meeting/)).toBeNull();

    await fireEvent.input(series, { target: { value: 'Riverside Neighbourhood MDT' } });
    expect(value(dialog, /^Place/)).toBe('Hilltop Surgery, library');
    const chair = dialog.getByLabelText(/^Chair/) as HTMLSelectElement;
    await fireEvent.change(chair, { target: { value: chair.options[1].value } });
    expect(chair.selectedOptions[0].textContent).toBe('Dr Gwen Imaginary (GP)');
    // Typing on in the same series does not undo the planner's choice.
    await fireEvent.input(series, { target: { value: 'Riverside Neighbourhood MDT ' } });
    expect(chair.selectedOptions[0].textContent).toBe('Dr Gwen Imaginary (GP)');
  });
});

describe('reviews overdue on the meetings screen', () => {
  const overdue = (reference: string, caseId: number) => ({
    caseId, reference, seriesId: 1, seriesName: 'Riverside Neighbourhood MDT', dueOn: '2026-03-30', overdue: true,
    reasons: [{ source: 'next_review' as const, label: 'Next review', dueOn: '2026-03-30', bookedMeetingId: 3, bookedMeetingTitle: 'Riverside MDT', bookedOn: '2026-03-02', overdue: true, text: 'Review booked for 30/03/2026 at Riverside MDT on 02/03/2026' }],
    lastDiscussedOn: '2026-03-02', listingReason: '', listedFor: null,
  });
  const planned = { id: 9, title: 'Riverside MDT', seriesName: 'Riverside Neighbourhood MDT', startsAt: '2026-04-13T13:00', status: 'planned' as const, caseCount: 0, actionCount: 0 };

  it('names each person by reference with the date in words, and links to the series\' next meeting to plan them', async () => {
    backend.listMeetings.mockResolvedValue({ upcoming: [planned], past: [], pastTotal: 0 });
    backend.listMembers.mockResolvedValue([gwen]);
    backend.overdueReviews.mockResolvedValue([overdue('AB-0101', 1), overdue('CD-0102', 2)]);
    render(MeetingsScreen);
    const notice = await screen.findByTestId('overdue-reviews');
    expect(within(notice).getByRole('heading').textContent).toContain('2 people are overdue for review');
    expect(notice.textContent).toContain('AB-0101: Overdue: was due 30/03/2026 (next review)');
    expect(notice.textContent).toContain('CD-0102');
    const link = await within(notice).findByRole('link', { name: 'Plan them into Riverside MDT, Monday 13 April 2026, 13:00' });
    expect(link.getAttribute('href')).toBe('#/meetings/9');
  });

  it('says nothing when nobody is overdue', async () => {
    backend.listMeetings.mockResolvedValue({ upcoming: [planned], past: [], pastTotal: 0 });
    backend.listMembers.mockResolvedValue([gwen]);
    render(MeetingsScreen);
    await screen.findByText('Riverside MDT');
    expect(backend.overdueReviews).toHaveBeenCalled();
    expect(screen.queryByTestId('overdue-reviews')).toBeNull();
  });
});
