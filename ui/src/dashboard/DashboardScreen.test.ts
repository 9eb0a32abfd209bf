import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { Chart } from '../lib/generated/Chart';
import DashboardScreen from './DashboardScreen.svelte';
import { dashboard, emptyDashboard, lastQuarter, quarters, thisQuarter } from './fixture';

const backend = vi.hoisted(() => ({
  dashboardQuarters: vi.fn(),
  dashboardPeriod: vi.fn(),
  dashboard: vi.fn(),
  exportQuarterlyReport: vi.fn(),
  readDate: vi.fn(),
  openExport: vi.fn(),
  uiReady: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

// jsdom has no canvas to draw on: the drawing is recorded instead (which chart, on which canvas, and
// when it is destroyed). What Chart.js is given is tested in draw.test.ts.
const drawn = vi.hoisted(() => ({ live: new Map<HTMLCanvasElement, string>(), made: 0 }));
vi.mock('./draw', async (original) => ({
  ...(await original<typeof import('./draw')>()),
  drawChart: (canvas: HTMLCanvasElement, chart: Chart) => {
    drawn.live.set(canvas, chart.id);
    drawn.made++;
    return () => drawn.live.delete(canvas);
  },
}));

beforeEach(() => {
  vi.resetAllMocks();
  drawn.live.clear();
  drawn.made = 0;
  backend.dashboardQuarters.mockResolvedValue(quarters);
  backend.dashboard.mockImplementation(async (p) => (p.from === thisQuarter.from ? dashboard : { ...emptyDashboard, period: p }));
  backend.readDate.mockImplementation(async (typed: string) => ({ iso: '2026-09-01', words: `read ${typed}`, daysFromToday: -92 }));
  backend.uiReady.mockResolvedValue(undefined);
});

const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, ' ').trim();

async function opened() {
  render(DashboardScreen);
  await screen.findByTestId('headline-meetings');
}

/** The table's rows as text: the header row, then one row per category. */
function rows(table: HTMLElement): string[][] {
  return [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));
}

describe('DashboardScreen', () => {
  it('opens on this quarter and gives the headline figures in words, naming who is overdue for supervision', async () => {
    await opened();
    expect(backend.dashboardQuarters).toHaveBeenCalledWith(5);
    expect(backend.dashboard).toHaveBeenCalledTimes(1);
    expect(backend.dashboard).toHaveBeenCalledWith(thisQuarter);
    expect(text('dashboard-period')).toBe('Q3 2026/27 (1 October to 31 December 2026); as of Wednesday 2 December 2026');
    // Held: on or before today (2 December); the meeting on 16 December is still to come.
    expect(text('headline-meetings')).toBe('3 meetings held, 1 more planned');
    expect(text('headline-cases')).toBe('12 cases discussed');
    // As of today: December's figures; completed is the period's sum (4 + 8 + 1).
    expect(text('headline-actions')).toBe('11 actions open now, 4 overdue; 13 completed in the period');
    expect(text('headline-reviews')).toBe('6 reviews due in the next 28 days, 2 overdue');
    expect(text('headline-supervision')).toBe('1 up to date with supervision, 2 overdue');
    expect(text('supervision-overdue')).toBe(
      '⚠ Overdue for supervision: Ade Sample (no supervision for over a month (last on 20/09/2026)) and Sam Placeholder (no supervision recorded).',
    );
    expect(text('supervision-overdue')).not.toContain('Jo Fictional');
    expect((screen.getByLabelText('Period') as HTMLSelectElement).selectedOptions[0].textContent).toBe('This quarter: Q3 2026/27 (1 October to 31 December 2026)');
    expect([...(screen.getByLabelText('Period') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'This quarter: Q3 2026/27 (1 October to 31 December 2026)',
      'Last quarter: Q2 2026/27 (1 July to 30 September 2026)',
      'Q1 2026/27 (1 April to 30 June 2026)',
      'Other dates…',
    ]);
  });

  it("draws one figure per chart in the core's order, each canvas named and described by its visible summary", async () => {
    await opened();
    const figures = screen.getAllByRole('figure');
    expect(figures.map((f) => f.querySelector('h2')?.textContent)).toEqual(dashboard.charts.map((c) => c.title));
    for (const [i, chart] of dashboard.charts.entries()) {
      const canvas = figures[i].querySelector('canvas')!;
      expect(canvas.getAttribute('role')).toBe('img');
      expect(canvas.getAttribute('aria-label')).toBe(`${chart.title}, in ${chart.unit}`);
      const summary = document.getElementById(canvas.getAttribute('aria-describedby')!)!;
      expect(summary.tagName).toBe('FIGCAPTION');
      expect(summary.textContent).toBe(chart.summary);
      expect(drawn.live.get(canvas)).toBe(chart.id);
    }
    expect(drawn.live.size).toBe(6);
  });

  it("shows each chart's numbers as a table (categories down, series across) in place of the canvas, and back again", async () => {
    await opened();
    for (const chart of dashboard.charts) {
      const figure = screen.getByTestId(`chart-${chart.id}`);
      const asTable = within(figure).getByRole('button', { name: 'Show as table' });
      const asChart = within(figure).getByRole('button', { name: 'Show as chart' });
      expect([asChart.getAttribute('aria-pressed'), asTable.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
      expect(within(figure).queryByRole('table')).toBeNull();
      await fireEvent.click(asTable);
      expect([asChart.getAttribute('aria-pressed'), asTable.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
      expect(figure.querySelector('canvas')).toBeNull();
      const table = within(figure).getByRole('table');
      const cells = rows(table);
      expect(cells[0].slice(1)).toEqual(chart.series.map((s) => s.name));
      expect(cells.slice(1).map((r) => r[0])).toEqual(chart.categories);
      expect(table.querySelectorAll('thead th[scope="col"]')).toHaveLength(chart.series.length + 1);
      expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(chart.categories.length);
      // The words stay under the table.
      expect(within(figure).getByText(chart.summary).tagName).toBe('FIGCAPTION');
      await fireEvent.click(asChart);
      expect(within(figure).queryByRole('table')).toBeNull();
      expect(drawn.live.get(figure.querySelector('canvas')!)).toBe(chart.id);
    }
    // Each table's canvas was destroyed and drawn again: still one live chart per figure.
    expect(drawn.live.size).toBe(6);
    expect(drawn.made).toBe(12);
  });

  it('writes the exact values in the tables, decimals and negatives too', async () => {
    await opened();
    const values = async (id: string) => {
      const figure = screen.getByTestId(`chart-${id}`);
      await fireEvent.click(within(figure).getByRole('button', { name: 'Show as table' }));
      return rows(within(figure).getByRole('table'));
    };
    expect(await values('time')).toEqual([
      ['Meeting', 'Planned', 'Used'],
      ['07/10/2026', '60', '72'],
      ['04/11/2026', '50', '48'],
      ['02/12/2026', '40', '25'],
      ['16/12/2026', '30', '0'],
    ]);
    expect(await values('actions')).toEqual([
      ['Month', 'Open', 'Overdue', 'Completed'],
      ['Oct 2026', '11', '2', '4'],
      ['Nov 2026', '10', '3', '8'],
      ['Dec 2026', '11', '4', '1'],
    ]);
    expect(await values('member-load')).toEqual([
      ['Member', 'Open actions', 'Overdue actions', 'Cases leading'],
      ['Ade Sample', '5', '2', '4'],
      ['Priya Example', '4', '1', '3'],
      ['Dr Gwen Imaginary', '2', '1', '2'],
    ]);
    expect(await values('outcomes')).toEqual([
      ['Question', 'Mean change'],
      ['Life satisfaction', '1.4'],
      ['Anxiety', '-0.5'],
    ]);
  });

  it('destroys every chart when the screen is left', async () => {
    const { unmount } = render(DashboardScreen);
    await screen.findByTestId('headline-meetings');
    expect(drawn.live.size).toBe(6);
    unmount();
    expect(drawn.live.size).toBe(0);
  });

  it('asks the core for the quarter chosen, and shows an empty quarter in words with no axes', async () => {
    await opened();
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: '1' } });
    await waitFor(() => expect(text('dashboard-period')).toBe('Q2 2026/27 (1 July to 30 September 2026); as of Wednesday 2 December 2026'));
    expect(backend.dashboard).toHaveBeenLastCalledWith(lastQuarter);
    expect(text('headline-meetings')).toBe('0 meetings held');
    // A past period: open actions are counted at its end.
    expect(text('headline-actions')).toBe('0 actions open at the end of the period, 0 overdue; 0 completed in the period');
    expect(screen.queryByTestId('supervision-overdue')).toBeNull();
    expect(document.querySelectorAll('canvas')).toHaveLength(0);
    expect(drawn.live.size).toBe(0);
    expect(screen.queryAllByRole('button', { name: 'Show as table' })).toHaveLength(0);
    expect(text('chart-actions-summary')).toBe('Agreed actions month by month: nothing recorded in this period.');
  });

  it('shows a period between two days typed UK-style', async () => {
    await opened();
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'custom' } });
    const custom = { from: '2026-09-01', to: '2026-11-30', label: '1 September to 30 November 2026' };
    backend.dashboardPeriod.mockResolvedValue(custom);
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '01/09/2026' } });
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: '30/11/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(backend.dashboard).toHaveBeenLastCalledWith(custom));
    expect(backend.dashboardPeriod).toHaveBeenCalledWith('01/09/2026', '30/11/2026');
    await waitFor(() => expect(text('dashboard-period')).toBe('1 September to 30 November 2026; as of Wednesday 2 December 2026'));
  });

  it('says beside the field what is wrong with a typed day, and asks for no figures', async () => {
    await opened();
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'custom' } });
    backend.dashboardPeriod.mockRejectedValueOnce(
      new AppError({ code: 'invalid', field: 'to', message: 'The end of the period is before its start.' }),
    );
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '30/11/2026' } });
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: '01/09/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(screen.getByTestId('dashboard-to-reading').textContent).toContain('The end of the period is before its start.'));
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBeNull();
    expect(backend.dashboard).toHaveBeenCalledTimes(1);
    // The figures shown are still this quarter's, under its name.
    expect(text('dashboard-period')).toMatch(/^Q3 2026\/27/);
    // Corrected, it is shown.
    backend.dashboardPeriod.mockResolvedValueOnce({ from: '2026-09-01', to: '2026-11-30', label: '1 September to 30 November 2026' });
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '01/09/2026' } });
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: '30/11/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(backend.dashboard).toHaveBeenCalledTimes(2));
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBeNull();
  });

  it('saves the quarterly report for the period shown', async () => {
    backend.exportQuarterlyReport.mockResolvedValue({ path: '/tmp/MDT report 2026-07-01 to 2026-09-30.pdf', pages: 4, missingChars: [] });
    await opened();
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: '1' } });
    await waitFor(() => expect(text('dashboard-period')).toMatch(/^Q2 2026\/27/));
    await fireEvent.click(screen.getByRole('button', { name: 'Save quarterly report (PDF)' }));
    expect(backend.exportQuarterlyReport).toHaveBeenCalledExactlyOnceWith(lastQuarter);
    expect((await screen.findByTestId('export-saved')).textContent).toContain('Quarterly MDT report saved. 4 pages, saved to /tmp/MDT report 2026-07-01 to 2026-09-30.pdf');
  });

  it('says in words when the core cannot count the figures, and when the report is not saved', async () => {
    backend.dashboard.mockRejectedValue({ code: 'internal', message: 'The database is busy.' });
    backend.exportQuarterlyReport.mockRejectedValue({ code: 'internal', message: 'The disk is full.' });
    render(DashboardScreen);
    expect((await screen.findByRole('alert')).textContent).toBe('The dashboard could not be shown. The database is busy.');
    expect(screen.queryByTestId('headline-meetings')).toBeNull();
    expect(screen.queryAllByRole('figure')).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Save quarterly report (PDF)' }));
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('The PDF was not saved. The disk is full.'));
    expect(backend.exportQuarterlyReport).toHaveBeenCalledWith(thisQuarter);
  });
});
