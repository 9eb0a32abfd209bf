import { describe, expect, it } from 'vitest';
import {
  actionStatusLabels,
  attendanceLabels,
  andList,
  clock,
  presentedBy,
  consentLabels,
  countdown,
  directionLabels,
  formatDate,
  meetingStatusLabels,
  needLabels,
  outcomeLabels,
  plural,
  shortDate,
  triggerLabels,
} from './format';

describe('dates', () => {
  it('reads as a person writes them', () => {
    expect(formatDate('2026-03-02')).toBe('Monday 2 March 2026');
    expect(formatDate('2026-03-02T13:05')).toBe('Monday 2 March 2026, 13:05');
    expect(shortDate('2026-11-21')).toBe('21 Nov 2026');
    expect(formatDate(null)).toBe('');
  });
});

describe('countdown', () => {
  it('counts down, warns near the end, and shows overrun with a plus', () => {
    expect(clock(65)).toBe('1:05');
    expect(clock(3725)).toBe('1:02:05');
    expect(countdown(10, 0)).toMatchObject({ text: '10:00', state: 'running' });
    expect(countdown(10, 8 * 60 + 1)).toMatchObject({ text: '1:59', state: 'near-end' });
    expect(countdown(5, 4 * 60)).toMatchObject({ text: '1:00', state: 'near-end' });
    expect(countdown(10, 10 * 60)).toMatchObject({ text: '0:00', state: 'near-end' });
    expect(countdown(10, 13 * 60 + 20)).toMatchObject({ text: '+3:20', state: 'over', label: 'Over time by 3:20' });
  });
});

describe('plural', () => {
  it('reads as English for one, none and many', () => {
    expect(plural(1, 'warning')).toBe('1 warning');
    expect(plural(2, 'warning')).toBe('2 warnings');
    expect(plural(0, 'case')).toBe('0 cases');
    expect(plural(1, 'flag')).not.toBe('1 flags');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(12, 'person', 'people')).toBe('12 people');
    expect(plural(1616, 'action')).toBe('1616 actions');
  });
});

describe('labels', () => {
  it('are the words defined in Rust, under the names the screens import', () => {
    expect(needLabels.long_term_condition).toBe('Long-term condition');
    expect(Object.keys(needLabels)).toHaveLength(15);
    expect(triggerLabels.environmental_risk).toBe('Significant environmental risk');
    expect(consentLabels.objected).toBe('Objected to MDT discussion');
    expect(outcomeLabels.not_discussed).toBe('Listed, not discussed');
    expect(meetingStatusLabels.finalised).toBe('Finalised minutes');
    expect(actionStatusLabels.cancelled).toBe('Cancelled');
    expect(directionLabels.step_down).toBe('Step-down');
  });

  it('list the choices in the order the screens offer them, with one wording for attendance', () => {
    expect(Object.keys(attendanceLabels)).toEqual(['unknown', 'present', 'apologies', 'absent']);
    expect(attendanceLabels.unknown).toBe('Not recorded');
    expect(Object.values(attendanceLabels)).not.toContain('Not yet recorded');
    expect(Object.entries(consentLabels)[0]).toEqual(['not_recorded', 'Not recorded']);
    expect(Object.keys(directionLabels)).toEqual(['step_down', 'step_up']);
  });
});

describe('who presents an item', () => {
  it('names the presenter, then those presenting with them, in words', () => {
    expect(andList([])).toBe('');
    expect(andList(['Priya'])).toBe('Priya');
    expect(andList(['Priya', 'Ade', 'Jo'])).toBe('Priya, Ade and Jo');
    expect(presentedBy({ presenterName: 'Priya Example', coPresenterNames: ['Ade Sample'] })).toBe('Priya Example and Ade Sample');
    expect(presentedBy({ presenterName: null, coPresenterNames: [] })).toBe('');
  });
});
