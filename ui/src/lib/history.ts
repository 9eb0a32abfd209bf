import type { AuditEntry } from './generated/AuditEntry';

export type FieldChange = { field: string; before: string; after: string };

const LONG = 160;

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > LONG ? `${text.slice(0, LONG)}…` : text;
}

/** "decisionOwnerId" → "decision owner id", for people reading the history. */
export function fieldName(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** The top-level fields that differ between an entry's before and after JSON. */
export function changes(entry: AuditEntry): FieldChange[] {
  const before = entry.before ? (JSON.parse(entry.before) as Record<string, unknown>) : {};
  const after = entry.after ? (JSON.parse(entry.after) as Record<string, unknown>) : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: fieldName(k), before: shown(before[k]), after: shown(after[k]) }));
}

export const actionLabels: Record<string, string> = {
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
