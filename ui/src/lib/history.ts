import type { AuditAction } from './generated/AuditAction';
import type { AuditEntry } from './generated/AuditEntry';

export type FieldChange = { field: string; before: string; after: string };

const LONG = 160;

/** Team member names by id, so a change of owner or lead reads as names rather than numbers. */
export type Names = ReadonlyMap<number, string>;

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function plain(key: string, value: unknown, names: Names): string {
  if (isEmpty(value)) return '';
  if (typeof value === 'number' && /Id$/.test(key)) return names.get(value) ?? `member #${value}`;
  if (Array.isArray(value)) return value.map((v) => plain(key, v, names)).filter((t) => t !== '').join('; ');
  if (typeof value === 'object') {
    // A lead, an escalation or a step-down: its filled-in parts, in words.
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, plain(k, v, names)] as const)
      .filter(([, t]) => t !== '')
      .map(([k, t]) => `${fieldName(k.replace(/Id$/, ''))}: ${t}`)
      .join(', ');
  }
  // Codes such as social_isolation read as words; anything typed is shown as typed.
  if (typeof value === 'string') return /^[a-z]+(_[a-z]+)+$/.test(value) ? value.replaceAll('_', ' ') : value;
  return String(value);
}

function shortened(text: string): string {
  if (text === '') return '(empty)';
  return text.length > LONG ? `${text.slice(0, LONG)}…` : text;
}

/** "decisionOwnerId" → "decision owner", for people reading the history. */
export function fieldName(key: string): string {
  return key.replace(/Id$/, '').replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** The top-level fields that differ between an entry's before and after JSON, in words. */
export function changes(entry: AuditEntry, names: Names = new Map()): FieldChange[] {
  const before = entry.before ? (JSON.parse(entry.before) as Record<string, unknown>) : {};
  const after = entry.after ? (JSON.parse(entry.after) as Record<string, unknown>) : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .map((k) => [k, plain(k, before[k], names), plain(k, after[k], names)] as const)
    .filter(([, was, now]) => was !== now)
    .map(([k, was, now]) => ({ field: fieldName(k), before: shortened(was), after: shortened(now) }));
}

/** Each action the log records, in words: a new action in Rust does not type-check until it has one. */
export const actionLabels: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  editing: 'Being edited now (draft, saved as typed)',
  delete: 'Removed',
  amend: 'Amended after finalising',
  finalise: 'Finalised',
  reveal: 'Identifier revealed',
  restore: 'Restored from a backup',
  export: 'Exported',
};
