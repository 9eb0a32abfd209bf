// Words for the two things that outlive one meeting: escalations (open until someone closes
// them, carried to the person's next discussion) and flags the chair dismissed (held for the
// person until what they rest on changes). Pure, so they are tested without a window.
import type { EscalationState } from '../lib/generated/EscalationState';
import type { Flag } from '../lib/generated/Flag';
import type { FlagDismissal } from '../lib/generated/FlagDismissal';
import { formatDate, shortDate } from '../lib/format';

/** "Open" or "Closed": said in words beside every escalation, never by colour alone. */
export function escalationWord(s: EscalationState): 'Open' | 'Closed' {
  return s.closure ? 'Closed' : 'Open';
}

/** "Safeguarding concern via Safeguarding lead; Sam Safe informed". */
export function escalationLine(s: EscalationState): string {
  const informed = s.informed.trim() ? `; ${s.informed.trim()} informed` : '; nobody recorded as informed';
  return `${s.label} via ${s.key.route}${informed}`;
}

/** Where it came from: "Raised here" or "Raised at Riverside MDT, Monday 2 March 2026". */
export function raisedWhere(s: EscalationState): string {
  return s.carried ? `Raised at ${s.raisedMeetingTitle}, ${formatDate(s.raisedMeetingStartsAt.slice(0, 10))}` : 'Raised at this discussion';
}

/** "De-escalated on Monday 2 March 2026 by Dr Gwen Imaginary: breathing settled". */
export function closureLine(s: EscalationState): string {
  const c = s.closure;
  if (!c) return '';
  return `${c.outcomeLabel} on ${c.closedOnWords} by ${c.closedByName}: ${c.reason}`;
}

/** Whether it may be reopened from this discussion: only where it was closed. */
export function canReopen(s: EscalationState, itemId: number): boolean {
  return s.closure?.closedAtItemId === itemId;
}

/** Open first, then closed; in the order the core gave within each. */
export function byOpenFirst(states: EscalationState[]): EscalationState[] {
  return [...states.filter((s) => !s.closure), ...states.filter((s) => s.closure)];
}

/** A stable id for an escalation on screen. */
export function escalationId(s: EscalationState): string {
  return `esc-${s.key.raisedAtItemId}-${s.key.trigger}-${s.key.route}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** "Dismissed at this discussion on 2 Mar 2026 by Dr Gwen Imaginary: all five are needed". */
export function dismissalLine(d: FlagDismissal, itemId: number): string {
  const where = d.agendaItemId === itemId ? 'at this discussion' : `at ${d.meetingTitle} (${shortDate(d.meetingStartsAt)})`;
  return `Dismissed ${where} on ${shortDate(d.dismissedAt)} by ${d.dismissedBy}: ${d.reason}`;
}

/** For a flag shown again: when it was dismissed before, why, and what it said then. */
export function reshownLine(f: Flag): string | null {
  const before = f.dismissal.dismissedBefore;
  if (!before) return null;
  const changed = f.dismissal.whatChanged ? ` ${f.dismissal.whatChanged}` : '';
  return `Dismissed before at ${before.meetingTitle} (${shortDate(before.meetingStartsAt)}) by ${before.dismissedBy}: “${before.reason}”. Shown again because what it rests on has changed.${changed}`;
}

/** What is wrong with a dismissal's reason as typed, or null when it will do. */
export function dismissReasonProblem(reason: string): string | null {
  return reason.trim() ? null : 'Say why this flag does not apply: the minutes list it with your reason.';
}
