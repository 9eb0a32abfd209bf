// Draws one of the core's charts with Chart.js. Only the pieces the dashboard uses are registered
// (bars, lines, two scales, the legend and tooltips), so the rest of the library is left out of
// the build. A chart is drawn when its canvas is on screen and destroyed when it leaves (the
// screen is closed, or the chart is shown as a table), with no animation: nothing runs or is
// held while nobody is looking (issue #17 watches the window's memory).
//
// Series are told apart by more than colour: bars by their fill (solid, stripes, dots, cross-
// hatch), lines by their dash and their points' shape (circle, square, triangle, diamond), and the
// legend shows the same fill or shape. Every colour is at least 4.4:1 against the white card, above
// the 3:1 WCAG 2.2 AA asks of graphics.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type PointStyle,
} from 'chart.js';
import type { Chart } from '../lib/generated/Chart';

ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Teal, orange, purple, blue: 7.4, 4.8, 7.4 and 7.9 to 1 on white. */
export const COLOURS = ['#0e5e68', '#b35900', '#6b3fa0', '#3b4a9c'];
/** Bar fills after the first (solid): what each series' bars are filled with. */
export const FILLS = ['solid', 'stripes', 'dots', 'cross-hatch'] as const;
export const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];
export const POINTS: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot'];
const TEXT = '#1b2428';
const MUTED = '#4a585e';
const GRID = '#e1e6e8';
const FONT = "'MDT Noto Sans', 'Noto Sans', sans-serif";
// The app's own font and a legible size everywhere (ticks, legend, tooltips), set once.
ChartJS.defaults.font.family = FONT;
ChartJS.defaults.font.size = 14;
ChartJS.defaults.color = TEXT;

/** A value as the table and the tooltip write it: whole numbers as they are, others to one place. */
export function figure(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Whether a chart has anything to draw (otherwise only its words are shown). */
export function hasData(chart: Chart): boolean {
  return chart.categories.length > 0 && chart.series.some((s) => s.values.length > 0);
}

/** A small repeating tile of `colour` on white, drawn with `fill`, for a series' bars. */
function pattern(fill: (typeof FILLS)[number], colour: string): CanvasPattern | string {
  if (fill === 'solid') return colour;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return colour;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = ctx.fillStyle = colour;
  ctx.lineWidth = 2;
  if (fill === 'dots') {
    ctx.beginPath();
    ctx.arc(4, 4, 2, 0, 2 * Math.PI);
    ctx.fill();
  } else {
    ctx.beginPath();
    ctx.moveTo(-1, 9);
    ctx.lineTo(9, -1);
    if (fill === 'cross-hatch') {
      ctx.moveTo(-1, -1);
      ctx.lineTo(9, 9);
    }
    ctx.stroke();
  }
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

/**
 * The Chart.js configuration for one of the core's charts: what is drawn, how each series is told
 * apart, and the axis named with the chart's unit. `fills` makes each bar series' fill (a pattern
 * on a canvas; the tests pass a stand-in).
 */
export function chartConfig(chart: Chart, fills: (fill: (typeof FILLS)[number], colour: string) => CanvasPattern | string = pattern): ChartConfiguration {
  const line = chart.kind === 'line';
  const horizontal = chart.kind === 'horizontalBar';
  const datasets: ChartDataset[] = chart.series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    if (line) {
      return {
        type: 'line', label: s.name, data: s.values, borderColor: colour, backgroundColor: colour, borderWidth: 3,
        borderDash: DASHES[i % DASHES.length], pointStyle: POINTS[i % POINTS.length], pointRadius: 5, pointHoverRadius: 7,
      };
    }
    return {
      type: 'bar', label: s.name, data: s.values, borderColor: colour, borderWidth: 2, backgroundColor: fills(FILLS[i % FILLS.length], colour),
      maxBarThickness: 56,
    };
  });
  const valueAxis = {
    beginAtZero: true,
    title: { display: true, text: chart.unit[0]?.toUpperCase() + chart.unit.slice(1), color: MUTED },
    ticks: { color: MUTED, precision: chart.series.every((s) => s.values.every(Number.isInteger)) ? 0 : undefined },
    grid: { color: GRID },
  };
  const categoryAxis = { ticks: { color: TEXT }, grid: { display: false } };
  return {
    type: line ? 'line' : 'bar',
    data: { labels: chart.categories, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        // One series needs no legend: the heading names it.
        legend: {
          display: chart.series.length > 1,
          position: 'top',
          align: 'start',
          labels: { color: TEXT, usePointStyle: line, boxWidth: 28, boxHeight: 16, padding: 16 },
        },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${figure(Number(item.raw))} ${chart.unit}` } },
      },
    } as ChartConfiguration['options'],
  } as ChartConfiguration;
}

/** Draws `chart` on `canvas`; the function returned destroys it (its memory and listeners). */
export function drawChart(canvas: HTMLCanvasElement, chart: Chart): () => void {
  const drawn = new ChartJS(canvas, chartConfig(chart));
  return () => drawn.destroy();
}
