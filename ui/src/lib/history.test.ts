import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './generated/AuditEntry';
import { changes, fieldName } from './history';

const entry = (before: object | null, after: object | null): AuditEntry => ({
  at: '2026-03-02T13:05:00Z', actor: 'chair', entity: 'agreed_action', entityId: 1, action: 'update',
  before: before && JSON.stringify(before), after: after && JSON.stringify(after),
});

describe('history changes', () => {
  it('lists only the fields that changed, in words', () => {
    expect(changes(entry({ description: 'Call', ownerId: 2, dueDate: null }, { description: 'Call', ownerId: 3, dueDate: '2026-03-09' }))).toEqual([
      { field: 'owner', before: 'member #2', after: 'member #3' },
      { field: 'due date', before: '(empty)', after: '2026-03-09' },
    ]);
  });

  it('handles creation and shortens long text', () => {
    const [c] = changes(entry(null, { discussion: 'x'.repeat(500) }));
    expect(c.before).toBe('(empty)');
    expect(c.after.length).toBe(161);
    expect(fieldName('riskHolderId')).toBe('risk holder');
  });

  it('names people, reads codes and lists as words, and skips fields that stayed empty', () => {
    const names = new Map([[2, 'Priya Example']]);
    const before = { situation: '', needs: [], leads: [], decisionOwnerId: null, nextReviewDate: null };
    const after = {
      situation: 'Lives alone',
      needs: ['functional', 'social_isolation'],
      leads: [{ aspect: 'Home assessment', memberId: 2, roleKey: null }],
      decisionOwnerId: 2,
      nextReviewDate: null,
    };
    expect(changes(entry(before, after), names)).toEqual([
      { field: 'situation', before: '(empty)', after: 'Lives alone' },
      { field: 'needs', before: '(empty)', after: 'functional; social isolation' },
      { field: 'leads', before: '(empty)', after: 'aspect: Home assessment, member: Priya Example' },
      { field: 'decision owner', before: '(empty)', after: 'Priya Example' },
    ]);
  });

  it('shows a change beyond the shortened part of a long text', () => {
    const long = 'x'.repeat(300);
    expect(changes(entry({ discussion: long }, { discussion: `${long}y` }))).toHaveLength(1);
  });

  it('keeps typed underscores as typed', () => {
    expect(changes(entry({ situation: '' }, { situation: 'see file_2026' }))[0].after).toBe('see file_2026');
  });
});
