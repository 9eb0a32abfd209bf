import { describe, expect, it } from 'vitest';
import { changes, fieldName } from './history';

const entry = (before: object | null, after: object | null) => ({
  at: '2026-03-02T13:05:00Z', actor: 'chair', entity: 'agreed_action', entityId: 1, action: 'update',
  before: before && JSON.stringify(before), after: after && JSON.stringify(after),
});

describe('history changes', () => {
  it('lists only the fields that changed, in words', () => {
    expect(changes(entry({ description: 'Call', ownerId: 2, dueDate: null }, { description: 'Call', ownerId: 3, dueDate: '2026-03-09' }))).toEqual([
      { field: 'owner id', before: '2', after: '3' },
      { field: 'due date', before: '(empty)', after: '2026-03-09' },
    ]);
  });

  it('handles creation and shortens long text', () => {
    const [c] = changes(entry(null, { discussion: 'x'.repeat(500) }));
    expect(c.before).toBe('(empty)');
    expect(c.after.length).toBe(161);
    expect(fieldName('riskHolderId')).toBe('risk holder id');
  });
});
