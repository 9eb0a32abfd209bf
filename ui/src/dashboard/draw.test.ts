// What Chart.js is given for each kind of chart: the core's numbers unchanged, series told apart by
// more than colour, no animation, the unit on the value axis.
import { describe, expect, it } from 'vitest';
import { COLOURS, chartConfig, figure, hasData } from './draw';
import { dashboard, emptyDashboard } from './fixture';

const chart = (id: string) => dashboard.charts.find((c) => c.id === id)!;
/** A stand-in for the canvas pattern: its name and colour, so the test can see which fill each series has. */
const fills = (fill: string, colour: string) => `${fill} ${colour}`;

/* eslint-disable @typescript-eslint/no-explicit-any */
const options = (c: ReturnType<typeof chartConfig>) => c.options as any;

describe('chartConfig', () => {
  it('draws bars with the core’s numbers, each series with its own fill as well as its own colour', () => {
    const c = chartConfig(chart('time'), fills);
    expect(c.type).toBe('bar');
    expect(c.data.labels).toEqual(['07/10/2026', '04/11/2026', '02/12/2026', '16/12/2026']);
    expect(c.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Planned', [60, 50, 40, 30]],
      ['Used', [72, 48, 25, 0]],
    ]);
    expect(c.data.datasets.map((d) => d.backgroundColor)).toEqual([`solid ${COLOURS[0]}`, `stripes ${COLOURS[1]}`]);
    expect(options(c).indexAxis).toBe('x');
    expect(options(c).scales.y.title.text).toBe('Minutes');
    expect(options(c).plugins.legend.display).toBe(true);
  });

  it('draws lines each with its own dash and point shape, and the legend shows the shapes', () => {
    const c = chartConfig(chart('actions'), fills);
    expect(c.type).toBe('line');
    const sets = c.data.datasets as any[];
    expect(sets.map((d) => d.data)).toEqual([
      [11, 10, 11],
      [2, 3, 4],
      [4, 8, 1],
    ]);
    expect(sets.map((d) => d.pointStyle)).toEqual(['circle', 'rect', 'triangle']);
    expect(new Set(sets.map((d) => JSON.stringify(d.borderDash))).size).toBe(3);
    expect(new Set(sets.map((d) => d.borderColor)).size).toBe(3);
    expect(options(c).plugins.legend.labels.usePointStyle).toBe(true);
  });

  it('lays long names down the side for horizontal bars, and leaves the legend out for one series', () => {
    const c = chartConfig(chart('leads-by-role'), fills);
    expect(options(c).indexAxis).toBe('y');
    expect(options(c).scales.x.title.text).toBe('Cases');
    expect(options(c).scales.x.ticks.precision).toBe(0);
    expect(options(c).plugins.legend.display).toBe(false);
    expect(c.data.labels).toEqual(['Social prescribing link worker', 'Occupational therapist', 'GP', 'No lead agreed']);
  });

  it('never animates (nothing runs while nobody looks) and allows decimals where the values have them', () => {
    for (const c of dashboard.charts) expect(options(chartConfig(c, fills)).animation).toBe(false);
    expect(options(chartConfig(chart('outcomes'), fills)).scales.y.ticks.precision).toBeUndefined();
  });
});

describe('figures and empty charts', () => {
  it('writes whole numbers as they are and others to one place', () => {
    expect([figure(12), figure(0), figure(1.4), figure(-0.5), figure(2.25)]).toEqual(['12', '0', '1.4', '-0.5', '2.3']);
  });

  it('knows a chart with no categories has nothing to draw', () => {
    expect(dashboard.charts.every(hasData)).toBe(true);
    expect(emptyDashboard.charts.some(hasData)).toBe(false);
  });
});
