import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PdfExport } from '../lib/exporting.svelte';
import type { ExportReport } from '../lib/generated/ExportReport';
import ExportNotice from './ExportNotice.svelte';

const backend = vi.hoisted(() => ({ openExport: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const sheet: ExportReport = { path: '/home/priya/ot-at-a-glance.pdf', pages: 1, missingChars: [] };

function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

beforeEach(() => vi.resetAllMocks());

describe('ExportNotice', () => {
  it('says it is preparing the PDF, then what was saved, where and how long it is', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    const answer = later<ExportReport | null>();
    const running = job.run('Role sheet', () => answer.promise);
    expect(await screen.findByText('Preparing the PDF…')).toBeTruthy();
    answer.resolve(sheet);
    await running;
    const notice = await screen.findByTestId('export-saved');
    expect(notice.querySelector('p')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Role sheet saved. 1 page, saved to /home/priya/ot-at-a-glance.pdf',
    );
    expect(screen.queryByText('Preparing the PDF…')).toBeNull();
    expect(screen.queryByTestId('export-missing-chars')).toBeNull();
  });

  it('lists the characters the font cannot print, for every kind of export alike', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    await job.run('Handout', async () => ({ path: '/tmp/teach-in-ot-splw-handout.pdf', pages: 1, missingChars: ['电', '话', '📞'] }));
    const missing = await screen.findByTestId('export-missing-chars');
    expect(missing.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Check before sending: these characters are not in the report font and print as a box with a question mark: 电 话 📞',
    );
    // An export run from a dialog ends in the same notice.
    job.finished('Minutes', { path: '/tmp/minutes.pdf', pages: 12, missingChars: ['王'] });
    await waitFor(() => expect(screen.getByTestId('export-missing-chars').textContent).toContain('王'));
    expect(screen.getByTestId('export-saved').textContent).toContain('Minutes saved.');
    expect(screen.getByTestId('export-saved').textContent).toContain('12 pages');
  });

  it('opens the file saved, and says so when the computer cannot', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    await job.run('Role sheet', async () => sheet);
    backend.openExport.mockRejectedValueOnce({ code: 'conflict', message: 'The file was saved, but this computer could not open it.' });
    await fireEvent.click(await screen.findByRole('button', { name: 'Open the file' }));
    expect(backend.openExport).toHaveBeenCalledWith('/home/priya/ot-at-a-glance.pdf');
    expect((await screen.findByRole('alert')).textContent).toBe('The file was saved, but this computer could not open it.');
    backend.openExport.mockResolvedValueOnce(undefined);
    await fireEvent.click(screen.getByRole('button', { name: 'Open the file' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('goes when dismissed, and says nothing was saved when the save dialog was cancelled', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    await job.run('Action list', async () => sheet);
    await fireEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByTestId('export-saved')).toBeNull());
    expect(screen.queryByText('Export cancelled; nothing was saved.')).toBeNull();
    await job.run('Action list', async () => null);
    expect(await screen.findByText('Export cancelled; nothing was saved.')).toBeTruthy();
    expect(screen.queryByTestId('export-saved')).toBeNull();
  });

  it('says why the PDF was not saved', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    await job.run('Handout', () => Promise.reject({ code: 'io', message: 'The disk is full.' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The PDF was not saved. The disk is full.');
    expect(screen.queryByTestId('export-saved')).toBeNull();
    // The next export that works clears it.
    await job.run('Handout', async () => sheet);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByTestId('export-saved')).toBeTruthy();
  });

  it('names a calendar invitation as such and gives no page count for it', async () => {
    const job = new PdfExport();
    render(ExportNotice, { job });
    const answer = later<ExportReport | null>();
    const running = job.run('Calendar invitation', () => answer.promise, 'calendar invitation');
    expect(await screen.findByText('Preparing the calendar invitation…')).toBeTruthy();
    answer.resolve({ path: '/home/priya/riverside-mdt-2026-03-02.ics', pages: 0, missingChars: [] });
    await running;
    const notice = await screen.findByTestId('export-saved');
    expect(notice.querySelector('p')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Calendar invitation saved. File: /home/priya/riverside-mdt-2026-03-02.ics',
    );
    await job.run('Calendar invitation', () => Promise.reject({ code: 'invalid', message: 'That time does not happen.' }), 'calendar invitation');
    expect((await screen.findByRole('alert')).textContent).toBe('The calendar invitation was not saved. That time does not happen.');
    // The agenda pack after it, from its dialog, is a PDF again.
    job.finished('Agenda pack', { path: '/tmp/pack.pdf', pages: 3, missingChars: [] });
    await waitFor(() => expect(screen.getByTestId('export-saved').textContent).toContain('3 pages'));
  });
});
