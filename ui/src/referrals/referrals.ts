// What the referral screens decide, apart from drawing it: the recipient a form's choices make,
// whether consent to share must be asked, and the words for where a referral has got to. The
// rules themselves (which status can follow which, what is required) are the core's
// (src/referrals.rs); the screen offers only what the core says can come next.
import { formatDate, shortDate } from '../lib/format';
import type { Referral } from '../lib/generated/Referral';
import type { ReferralInput } from '../lib/generated/ReferralInput';
import type { ReferralStatus } from '../lib/generated/ReferralStatus';
import type { ReferralTo } from '../lib/generated/ReferralTo';
import type { ConsentToShare } from '../lib/generated/ConsentToShare';
import { referralStatusLabels } from '../lib/generated/labels';

export type RecipientKind = 'role' | 'member' | 'service';

/** What the "make a referral" form holds as typed. */
export interface ReferralDraft {
  fromMemberId: number | null;
  kind: RecipientKind;
  roleKey: string;
  memberId: number | null;
  service: string;
  madeOn: string | null;
  reason: string;
  expectedWaitWeeks: string;
  feedbackDue: string | null;
  consent: ConsentToShare | null;
}

export function emptyDraft(fromMemberId: number | null): ReferralDraft {
  return {
    fromMemberId,
    kind: 'role',
    roleKey: '',
    memberId: null,
    service: '',
    madeOn: 'today',
    reason: '',
    expectedWaitWeeks: '',
    feedbackDue: null,
    consent: null,
  };
}

/** Only an outside (non-NHS) service needs the person's consent to share, asked in the same step. */
export function needsConsent(draft: Pick<ReferralDraft, 'kind'>): boolean {
  return draft.kind === 'service';
}

export function recipient(draft: ReferralDraft): ReferralTo {
  switch (draft.kind) {
    case 'role':
      return { kind: 'role', roleKey: draft.roleKey };
    case 'member':
      return { kind: 'member', memberId: draft.memberId ?? 0 };
    case 'service':
      return { kind: 'service', name: draft.service };
  }
}

/**
 * The draft as the core takes it. An expected wait that is not a whole number is sent as it is
 * read (NaN is not sent: the field is checked here, since the core takes a number).
 */
export function toInput(draft: ReferralDraft): { input: ReferralInput } | { field: string; message: string } {
  const wait = draft.expectedWaitWeeks.trim();
  if (wait !== '' && !/^\d+$/.test(wait)) {
    return { field: 'expectedWaitWeeks', message: 'Give the expected wait as a whole number of weeks, e.g. 6, or leave it blank.' };
  }
  return {
    input: {
      fromMemberId: draft.fromMemberId ?? 0,
      to: recipient(draft),
      madeOn: draft.madeOn ?? '',
      reason: draft.reason,
      expectedWaitWeeks: wait === '' ? null : Number(wait),
      feedbackDue: draft.feedbackDue && draft.feedbackDue.trim() ? draft.feedbackDue : null,
      consentToShare: needsConsent(draft) ? draft.consent : null,
    },
  };
}

/** "Sent on 5 Jan 2026", "Declined on 9 Jan 2026: outside our area". */
export function statusWords(r: Pick<Referral, 'status' | 'statusOn' | 'declinedReason'>): string {
  const label = referralStatusLabels[r.status];
  const on = shortDate(r.statusOn);
  return r.status === 'declined' ? `${label} on ${on}: ${r.declinedReason}` : `${label} since ${on}`;
}

/** The feedback owed to the referrer, in words; overdue says so in words, not by colour alone. */
export function feedbackWords(r: Pick<Referral, 'feedbackDue' | 'feedbackGivenOn' | 'feedbackOverdue' | 'fromName'>): string {
  if (r.feedbackGivenOn) return `Feedback given to ${r.fromName} on ${shortDate(r.feedbackGivenOn)}`;
  if (!r.feedbackDue) return 'No feedback asked for';
  return r.feedbackOverdue
    ? `Feedback OVERDUE: due to ${r.fromName} by ${formatDate(r.feedbackDue)}`
    : `Feedback due to ${r.fromName} by ${formatDate(r.feedbackDue)}`;
}

/** The choices for the next status, as the core allows them from where the referral is. */
export function nextChoices(r: Pick<Referral, 'nextStatuses'>): { value: ReferralStatus; label: string }[] {
  return r.nextStatuses.map((value) => ({ value, label: referralStatusLabels[value] }));
}
