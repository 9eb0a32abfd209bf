import { describe, expect, it } from 'vitest';
import { emptyDraft, feedbackWords, needsConsent, nextChoices, statusWords, toInput } from './referrals';

describe('referral drafts', () => {
  it('asks consent to share only for an outside service, and sends it only then', () => {
    const draft = { ...emptyDraft(2), kind: 'service' as const, service: "Riverside Men's Shed", reason: 'Company', consent: 'agreed' as const };
    expect(needsConsent(draft)).toBe(true);
    expect(needsConsent({ kind: 'role' })).toBe(false);
    expect(needsConsent({ kind: 'member' })).toBe(false);
    const made = toInput(draft);
    expect(made).toEqual({
      input: {
        fromMemberId: 2, to: { kind: 'service', name: "Riverside Men's Shed" }, madeOn: 'today', reason: 'Company',
        expectedWaitWeeks: null, feedbackDue: null, consentToShare: 'agreed',
      },
    });
    // Switched to a role after answering: the answer is not sent with it.
    const toRole = toInput({ ...draft, kind: 'role', roleKey: 'splw' });
    expect('input' in toRole && toRole.input.consentToShare).toBe(null);
    expect('input' in toRole && toRole.input.to).toEqual({ kind: 'role', roleKey: 'splw' });
  });

  it('takes the expected wait as whole weeks and names the field otherwise', () => {
    const ok = toInput({ ...emptyDraft(1), expectedWaitWeeks: ' 6 ', feedbackDue: '15/12/2026' });
    expect('input' in ok && ok.input.expectedWaitWeeks).toBe(6);
    expect('input' in ok && ok.input.feedbackDue).toBe('15/12/2026');
    expect(toInput({ ...emptyDraft(1), expectedWaitWeeks: 'six' })).toEqual({
      field: 'expectedWaitWeeks',
      message: 'Give the expected wait as a whole number of weeks, e.g. 6, or leave it blank.',
    });
    expect(toInput({ ...emptyDraft(1), expectedWaitWeeks: '2.5' })).toHaveProperty('field', 'expectedWaitWeeks');
  });
});

describe('referral words', () => {
  it('says where a referral has got to, with the decline reason', () => {
    expect(statusWords({ status: 'waiting', statusOn: '2026-01-08', declinedReason: '' })).toBe('On the waiting list since 8 Jan 2026');
    expect(statusWords({ status: 'declined', statusOn: '2026-01-09', declinedReason: 'Outside our area' })).toBe('Declined on 9 Jan 2026: Outside our area');
  });

  it('says feedback is overdue in words', () => {
    const base = { fromName: 'Priya Example', feedbackDue: '2026-01-20', feedbackGivenOn: null, feedbackOverdue: false };
    expect(feedbackWords(base)).toBe('Feedback due to Priya Example by Tuesday 20 January 2026');
    expect(feedbackWords({ ...base, feedbackOverdue: true })).toBe('Feedback OVERDUE: due to Priya Example by Tuesday 20 January 2026');
    expect(feedbackWords({ ...base, feedbackGivenOn: '2026-01-19' })).toBe('Feedback given to Priya Example on 19 Jan 2026');
    expect(feedbackWords({ ...base, feedbackDue: null })).toBe('No feedback asked for');
  });

  it('offers only the statuses the core allows next, in its words', () => {
    expect(nextChoices({ nextStatuses: ['accepted', 'waiting', 'declined', 'closed'] }).map((c) => c.label)).toEqual([
      'Accepted', 'On the waiting list', 'Declined', 'Closed',
    ]);
    expect(nextChoices({ nextStatuses: [] })).toEqual([]);
  });
});
