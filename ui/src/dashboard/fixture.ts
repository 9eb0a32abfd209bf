// A hand-written dashboard as the core hands it out (`mdt::dashboard::compute`), for the screen's
// tests: a quarter of a fictional team with every figure filled and every kind of chart, two
// series told apart, a chart of one series, decimals and a negative value. The charts' numbers are
// the figures above them, so a test can check the table against either.
import type { Dashboard } from '../lib/generated/Dashboard';
import type { Period } from '../lib/generated/Period';

export const thisQuarter: Period = { from: '2026-10-01', to: '2026-12-31', label: 'Q3 2026/27 (1 October to 31 December 2026)' };
export const lastQuarter: Period = { from: '2026-07-01', to: '2026-09-30', label: 'Q2 2026/27 (1 July to 30 September 2026)' };
export const quarterBefore: Period = { from: '2026-04-01', to: '2026-06-30', label: 'Q1 2026/27 (1 April to 30 June 2026)' };
export const quarters: Period[] = [thisQuarter, lastQuarter, quarterBefore];

export const dashboard: Dashboard = {
  period: thisQuarter,
  today: '2026-12-02',
  meetings: [
    { meetingId: 11, title: 'Riverside MDT', startsAt: '2026-10-07T13:00', finalised: true, casesListed: 6, casesDiscussed: 5, minutesPlanned: 60, minutesUsed: 72 },
    { meetingId: 12, title: 'Riverside MDT', startsAt: '2026-11-04T13:00', finalised: true, casesListed: 5, casesDiscussed: 5, minutesPlanned: 50, minutesUsed: 48 },
    { meetingId: 13, title: 'Riverside MDT', startsAt: '2026-12-02T13:00', finalised: false, casesListed: 4, casesDiscussed: 2, minutesPlanned: 40, minutesUsed: 25 },
    { meetingId: 14, title: 'Riverside MDT', startsAt: '2026-12-16T13:00', finalised: false, casesListed: 3, casesDiscussed: 0, minutesPlanned: 30, minutesUsed: 0 },
  ],
  actions: [
    { month: '2026-10', label: 'Oct 2026', agreed: 9, completed: 4, openAtEnd: 11, overdueAtEnd: 2 },
    { month: '2026-11', label: 'Nov 2026', agreed: 7, completed: 8, openAtEnd: 10, overdueAtEnd: 3 },
    { month: '2026-12', label: 'Dec 2026', agreed: 2, completed: 1, openAtEnd: 11, overdueAtEnd: 4 },
  ],
  leadsByRole: [
    { roleCode: 'splw', roleName: 'Social prescribing link worker', casesLed: 5 },
    { roleCode: 'ot', roleName: 'Occupational therapist', casesLed: 4 },
    { roleCode: 'gp', roleName: 'GP', casesLed: 2 },
    { roleCode: '', roleName: 'No lead agreed', casesLed: 1 },
  ],
  memberLoad: [
    { memberId: 3, name: 'Ade Sample', roleName: 'Social prescribing link worker', openActions: 5, overdueActions: 2, casesLeading: 4 },
    { memberId: 2, name: 'Priya Example', roleName: 'Occupational therapist', openActions: 4, overdueActions: 1, casesLeading: 3 },
    { memberId: 1, name: 'Dr Gwen Imaginary', roleName: 'GP', openActions: 2, overdueActions: 1, casesLeading: 2 },
  ],
  reviews: { dueSoon: 6, overdue: 2 },
  supervision: {
    upToDate: 1,
    overdue: 2,
    members: [
      {
        memberId: 3, memberName: 'Ade Sample', lastSession: '2026-09-20', overdue: true, waiting: 2,
        words: 'No supervision for over a month (last on 20/09/2026)',
        arrangement: { superviseeId: 3, supervisorId: 2, supervisorName: 'Priya Example', supervisorRoleName: 'Occupational therapist', scopeConfirmed: true, version: 1 },
      },
      { memberId: 5, memberName: 'Sam Placeholder', lastSession: null, overdue: true, waiting: 0, words: 'No supervision recorded', arrangement: null },
      {
        memberId: 6, memberName: 'Jo Fictional', lastSession: '2026-11-25', overdue: false, waiting: 1,
        words: 'Last supervision 25/11/2026; next due by 25/12/2026',
        arrangement: { superviseeId: 6, supervisorId: 1, supervisorName: 'Dr Gwen Imaginary', supervisorRoleName: 'GP', scopeConfirmed: true, version: 1 },
      },
    ],
    roles: [{ key: 'splw', name: 'Social prescribing link worker', fromGuidance: true }],
  },
  outcomes: [
    { measureKey: 'ons4', measureName: 'ONS4 personal wellbeing', itemKey: 'life_satisfaction', itemShort: 'Life satisfaction', people: 7, better: 5, same: 1, worse: 1, meanChange: 1.4 },
    { measureKey: 'ons4', measureName: 'ONS4 personal wellbeing', itemKey: 'anxiety', itemShort: 'Anxiety', people: 6, better: 2, same: 1, worse: 3, meanChange: -0.5 },
  ],
  charts: [
    {
      id: 'cases-discussed', title: 'Cases discussed per meeting', kind: 'bar', unit: 'cases',
      categories: ['07/10/2026', '04/11/2026', '02/12/2026', '16/12/2026'],
      series: [{ name: 'Cases discussed', values: [5, 5, 2, 0] }],
      summary: '12 cases discussed at 4 meetings; the most at one meeting was 5 (07/10/2026 and 04/11/2026).',
    },
    {
      id: 'time', title: 'Time planned and time used per meeting', kind: 'bar', unit: 'minutes',
      categories: ['07/10/2026', '04/11/2026', '02/12/2026', '16/12/2026'],
      series: [
        { name: 'Planned', values: [60, 50, 40, 30] },
        { name: 'Used', values: [72, 48, 25, 0] },
      ],
      summary: '180 minutes planned and 145 used; the meeting of 07/10/2026 ran 12 minutes over.',
    },
    {
      id: 'actions', title: 'Agreed actions month by month', kind: 'line', unit: 'actions',
      categories: ['Oct 2026', 'Nov 2026', 'Dec 2026'],
      series: [
        { name: 'Open', values: [11, 10, 11] },
        { name: 'Overdue', values: [2, 3, 4] },
        { name: 'Completed', values: [4, 8, 1] },
      ],
      summary: '11 actions open now, 4 of them overdue; overdue actions rose each month; 13 completed in the period.',
    },
    {
      id: 'leads-by-role', title: 'Cases led by role', kind: 'horizontalBar', unit: 'cases',
      categories: ['Social prescribing link worker', 'Occupational therapist', 'GP', 'No lead agreed'],
      series: [{ name: 'Cases led', values: [5, 4, 2, 1] }],
      summary: 'Of 12 cases discussed, social prescribing link workers led 5, occupational therapists 4 and GPs 2; 1 had no lead agreed.',
    },
    {
      id: 'member-load', title: "Each member's open work", kind: 'horizontalBar', unit: 'actions and cases',
      categories: ['Ade Sample', 'Priya Example', 'Dr Gwen Imaginary'],
      series: [
        { name: 'Open actions', values: [5, 4, 2] },
        { name: 'Overdue actions', values: [2, 1, 1] },
        { name: 'Cases leading', values: [4, 3, 2] },
      ],
      summary: 'Ade Sample has the most open work: 5 open actions (2 overdue) and leads 4 cases.',
    },
    {
      id: 'outcomes', title: 'Outcome change (ONS4 personal wellbeing)', kind: 'bar', unit: 'points',
      categories: ['Life satisfaction', 'Anxiety'],
      series: [{ name: 'Mean change', values: [1.4, -0.5] }],
      summary: 'Life satisfaction rose by 1.4 points on average for 7 people; anxiety fell by 0.5 points for 6 people (lower is better).',
    },
  ],
};

/** A quarter with nothing recorded: every chart has only its words. */
export const emptyDashboard: Dashboard = {
  ...dashboard,
  period: lastQuarter,
  meetings: [],
  actions: [],
  leadsByRole: [],
  memberLoad: [],
  reviews: { dueSoon: 0, overdue: 0 },
  supervision: { upToDate: 0, overdue: 0, members: [], roles: [{ key: 'splw', name: 'Social prescribing link worker', fromGuidance: true }] },
  outcomes: [],
  charts: dashboard.charts.map((c) => ({ ...c, categories: [], series: c.series.map((s) => ({ ...s, values: [] })), summary: `${c.title}: nothing recorded in this period.` })),
};
