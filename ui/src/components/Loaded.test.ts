import { render, screen } from '@testing-library/svelte';
import { createRawSnippet, flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { Resource } from '../lib/resource.svelte';
import Loaded from './Loaded.svelte';

const names = createRawSnippet((list: () => string[]) => ({ render: () => `<p data-testid="names">${list().join(', ')}</p>` }));

describe('Loaded', () => {
  it('says what it is waiting for, then shows the value', async () => {
    let answer!: (value: string[]) => void;
    const r = new Resource(() => new Promise<string[]>((ok) => (answer = ok)));
    render(Loaded<string[]>, { resource: r, waiting: 'Loading the roles…', children: names });
    expect(screen.getByText('Loading the roles…')).toBeTruthy();
    expect(screen.queryByTestId('names')).toBeNull();
    answer(['Occupational therapist', 'Social prescribing link worker']);
    expect((await screen.findByTestId('names')).textContent).toBe('Occupational therapist, Social prescribing link worker');
    expect(screen.queryByText('Loading the roles…')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why it could not load, in place of the wait, with what failed first', async () => {
    const r = new Resource<string[]>(async () => Promise.reject({ code: 'io', message: 'The disk is full.' }), { lazy: true });
    render(Loaded<string[]>, { resource: r, waiting: 'Loading the roles…', failed: 'Could not load the roles.', children: names });
    expect(screen.getByText('Loading the roles…')).toBeTruthy();
    await r.load();
    flushSync();
    expect(screen.getByRole('alert').textContent).toBe('Could not load the roles. The disk is full.');
    expect(screen.queryByText('Loading the roles…')).toBeNull();
    expect(screen.queryByTestId('names')).toBeNull();
  });

  it('keeps what it showed when a reload fails, with the reason above it', async () => {
    let fail = false;
    const r = new Resource(async () => (fail ? Promise.reject({ code: 'io', message: 'The disk is full.' }) : ['Priya Example']), { lazy: true });
    render(Loaded<string[]>, { resource: r, children: names });
    await r.load();
    flushSync();
    expect(screen.queryByRole('alert')).toBeNull();
    fail = true;
    await r.load();
    flushSync();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('The disk is full.');
    const shown = screen.getByTestId('names');
    expect(shown.textContent).toBe('Priya Example');
    expect(alert.compareDocumentPosition(shown) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
