import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amendmentLine, cancellationLine, localDateTime, overriddenGroups } from './minutes';

describe('minutes wording', () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env.TZ;
    process.env.TZ = 'Europe/London';
  });
  afterEach(() => {
    process.env.TZ = zone;
  });

  it('reads stored UTC times on a UK clock, summer time included', () => {
    expect(localDateTime('2026-03-03T10:05:00Z')).toEqual({ date: '3 March 2026', time: '10:05' });
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(localDateTime('2026-06-30T23:30:00Z')).toEqual({ date: '1 July 2026', time: '00:30' });
    expect(localDateTime('soon')).toBeNull();
    expect(localDateTime('')).toBeNull();
  });

  it('names who amended the minutes, when and why', () => {
    const a = { reason: 'Dr Imaginary was present, not absent', amendedAt: '2026-03-03T10:05:00Z', amendedBy: 'Priya Example' };
    expect(amendmentLine(a)).toBe('Amended on 3 March 2026 by Priya Example: Dr Imaginary was present, not absent');
    expect(amendmentLine({ ...a, amendedBy: '  ' })).toBe('Amended on 3 March 2026 (by whom was not recorded): Dr Imaginary was present, not absent');
  });

  it('says when a meeting was cancelled on the UK clock, by whom and why', () => {
    const c = { reason: 'Chair on leave', cancelledAt: '2026-06-30T23:30:00Z', cancelledBy: 'Femi Placeholder' };
    expect(cancellationLine(c)).toBe('Cancelled on 1 July 2026 by Femi Placeholder. Reason: Chair on leave');
    expect(cancellationLine({ ...c, cancelledAt: '2026-12-31T23:30:00Z' })).toBe('Cancelled on 31 December 2026 by Femi Placeholder. Reason: Chair on leave');
  });

  it('groups flags finalised past by when they were recorded, in order', () => {
    const at = '2026-12-01T15:15:00Z';
    const flags = [
      { code: 'joint_debrief' as const, detail: 'Suggest a joint debrief', overriddenAt: at },
      { code: 'non_clinical_risk_holder' as const, detail: 'Ade Sample (SPLW) is recorded as holding clinical risk', overriddenAt: at },
    ];
    expect(overriddenGroups(flags)).toEqual([
      { when: '1 December 2026 at 15:15', titles: ['Suggest a joint debrief', 'Ade Sample (SPLW) is recorded as holding clinical risk'] },
    ]);
    expect(overriddenGroups([flags[0], { ...flags[1], overriddenAt: '2026-12-02T09:00:00Z' }]).map((g) => g.when)).toEqual([
      '1 December 2026 at 15:15',
      '2 December 2026 at 09:00',
    ]);
    expect(overriddenGroups([])).toEqual([]);
  });
});
