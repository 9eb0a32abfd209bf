import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { DirectoryEntry } from '../lib/generated/DirectoryEntry';
import DirectoryScreen from './DirectoryScreen.svelte';

const backend = vi.hoisted(() => ({
  listDirectory: vi.fn(),
  addDirectoryEntry: vi.fn(),
  updateDirectoryEntry: vi.fn(),
  markDirectoryEntryChecked: vi.fn(),
  archiveDirectoryEntry: vi.fn(),
  importDirectory: vi.fn(),
  exportDirectory: vi.fn(),
  readDate: vi.fn(),
  uiReady: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const walkers: DirectoryEntry = {
  id: 1, name: 'Riverside Walking Group', offers: 'Gentle walks', forWhom: 'Adults', howToRefer: 'Turn up', contact: '01632 960118',
  area: 'Riverside', lastChecked: '2026-03-15', checkDue: false, checkWords: 'Checked 15/03/2026', archived: false, version: 2,
  updatedAt: '2026-03-15T10:00:00Z', updatedBy: 'Ade Sample',
};
const shed: DirectoryEntry = {
  ...walkers, id: 2, name: "Northgate Men's Shed", offers: 'Woodwork', area: 'Northgate', lastChecked: '2025-01-10', checkDue: true,
  checkWords: 'Not checked for a year or more (last checked 10/01/2025)', version: 5,
};

/** The directory as the mocked core holds it, filtered as the core filters (every word, any case). */
let held: DirectoryEntry[] = [];
beforeEach(() => {
  vi.resetAllMocks();
  held = [shed, walkers];
  backend.listDirectory.mockImplementation(async ({ text }: { text: string }) => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    return held.filter((e) => words.every((w) => [e.name, e.offers, e.forWhom, e.area].join(' ').toLowerCase().includes(w)));
  });
  backend.readDate.mockResolvedValue({ iso: '2026-12-02', words: 'Wednesday 2 December 2026', daysFromToday: 0 });
});

describe('DirectoryScreen', () => {
  it('lists the services with the check in words, and marks one not checked for a year', async () => {
    render(DirectoryScreen);
    const entries = await screen.findAllByTestId('directory-entry');
    expect(entries.map((e) => e.querySelector('h2')?.textContent)).toEqual(["Northgate Men's Shed", 'Riverside Walking Group']);
    expect(entries[0].textContent).toContain('⚠');
    expect(entries[0].textContent).toContain('Not checked for a year or more (last checked 10/01/2025)');
    expect(entries[1].textContent).toContain('Checked 15/03/2026');
    expect(entries[1].textContent).not.toContain('⚠');
    expect(screen.getByTestId('directory-count').textContent).toBe('2 services; 1 due a check (never checked, or not for a year or more).');
  });

  it('searches as the words are typed, and says when nothing matches', async () => {
    render(DirectoryScreen);
    await screen.findAllByTestId('directory-entry');
    await fireEvent.input(screen.getByLabelText('Search the directory'), { target: { value: 'WOODWORK' } });
    await waitFor(() => expect(backend.listDirectory).toHaveBeenCalledWith({ text: 'WOODWORK', includeArchived: false }));
    await waitFor(() => expect(screen.getAllByTestId('directory-entry').map((e) => e.querySelector('h2')?.textContent)).toEqual(["Northgate Men's Shed"]));
    expect(screen.getByTestId('directory-count').textContent).toBe('1 service found for “WOODWORK”; 1 due a check (never checked, or not for a year or more).');
    await fireEvent.input(screen.getByLabelText('Search the directory'), { target: { value: 'bingo' } });
    expect(await screen.findByText('No services match “bingo”. Try fewer words, or part of a word.')).toBeTruthy();
    expect(screen.queryAllByTestId('directory-entry')).toHaveLength(0);
  });

  it('keeps what was typed when the core refuses a blank name, and adds the entry once it has one', async () => {
    render(DirectoryScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add a service' }));
    await fireEvent.input(screen.getByLabelText('What it offers'), { target: { value: 'Tea and talk' } });
    backend.addDirectoryEntry.mockRejectedValueOnce(new AppError({ code: 'invalid', field: 'name', message: "Give the service's name, e.g. Riverside Walking Group." }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add to the directory' }));
    const error = await screen.findByText(/Give the service's name/);
    expect(error.classList.contains('field-error')).toBe(true);
    await waitFor(() => expect(document.activeElement?.id).toBe('directory-name'));
    expect((screen.getByLabelText('What it offers') as HTMLTextAreaElement).value).toBe('Tea and talk');

    await fireEvent.input(screen.getByLabelText(/^Name/), { target: { value: 'Quiet Readers' } });
    const added = { ...walkers, id: 3, name: 'Quiet Readers', offers: 'Tea and talk', version: 1 };
    backend.addDirectoryEntry.mockImplementationOnce(async () => {
      held = [...held, added];
      return added;
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add to the directory' }));
    await waitFor(() => expect(backend.addDirectoryEntry).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Quiet Readers', offers: 'Tea and talk', lastChecked: '' })));
    expect((await screen.findByTestId('directory-announcement')).textContent).toBe('Quiet Readers added to the directory.');
    await waitFor(() => expect(screen.getAllByTestId('directory-entry')).toHaveLength(3));
  });

  it('marks an entry checked naming the version shown, and reads the list again when someone changed it since', async () => {
    render(DirectoryScreen);
    await screen.findAllByTestId('directory-entry');
    backend.markDirectoryEntryChecked.mockRejectedValueOnce(
      new AppError({ code: 'conflict', field: 'version', message: "The directory entry 'Northgate Men's Shed' was saved by someone else after you opened it, so your change was not saved over it." }),
    );
    const calls = backend.listDirectory.mock.calls.length;
    await fireEvent.click(screen.getByRole('button', { name: "Mark checked today: Northgate Men's Shed" }));
    expect(backend.markDirectoryEntryChecked).toHaveBeenCalledWith(2, 5, 'today');
    expect((await screen.findByRole('alert')).textContent).toContain('The list now shows it as saved');
    await waitFor(() => expect(backend.listDirectory.mock.calls.length).toBeGreaterThan(calls));
  });

  it('says nothing was imported, with every problem, when the file has a bad row', async () => {
    render(DirectoryScreen);
    await screen.findAllByTestId('directory-entry');
    backend.importDirectory.mockRejectedValueOnce(new AppError({ code: 'import_rows', message: 'Nothing was imported: line 3, column last_checked: 30/02/2026 is not a date.' }));
    const file = new File(['name,last_checked\nA,30/02/2026\n'], 'services.csv', { type: 'text/csv' });
    await fireEvent.change(screen.getByLabelText('Import from CSV…'), { target: { files: [file] } });
    const alert = await screen.findByTestId('directory-import-problems');
    expect(alert.textContent).toBe('Nothing was imported: line 3, column last_checked: 30/02/2026 is not a date.');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(backend.importDirectory).toHaveBeenCalledWith('name,last_checked\nA,30/02/2026\n');
  });
});
