// The dashboard (issue #19) in the real window. First its frame, which needs no figures: reached
// from the main navigation by keyboard alone, this quarter and the ones before offered by name, a
// period typed UK-style with a slip refused beside its field and then shown. Then the demo team's
// figures: every chart of the core's drawn on its canvas (pixels painted) with its words as the
// caption and the canvas's description, each chart's table holding exactly the core's numbers
// (read from the window's own `dashboard` command), the previous quarter chosen, a slip and a
// screen left and come back to, the quarterly report saved as a PDF, and axe-core finding nothing
// serious. Screenshots: dashboard-*.png.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertAccessible, byName, openApp, screenshot, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** What has focus: its name, and whether its focus ring shows. */
async function focused(app) {
  return JSON.parse(
    await app.execute(() => {
      const el = document.activeElement;
      const name = (el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const style = el ? getComputedStyle(el) : null;
      return JSON.stringify({ name, ring: !!el && el.matches(':focus-visible') && style.outlineStyle !== 'none' });
    }),
  );
}

/** Tabs from the top of the window to the main navigation's Dashboard link and opens it with Enter. */
async function openDashboardByKeyboard(app) {
  await app.execute(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < 30; i++) {
    await app.keys(['Tab']);
    const f = await focused(app);
    seen.push(f.name);
    if (f.name === 'Dashboard') {
      assert.ok(f.ring, 'the focus ring shows on the Dashboard link');
      await app.keys(['Enter']);
      await (await app.$('h1=Dashboard')).waitForDisplayed({ timeout: 15000 });
      return;
    }
  }
  throw new Error(`the Dashboard link was not reached with Tab; focus went through: ${seen.join(' | ')}`);
}

/** The NHS financial-year quarter holding `day`, named as the core names it ("Q3 2026/27"). */
function quarterName(day) {
  const [y, m] = [day.getFullYear(), day.getMonth() + 1];
  const fy = m >= 4 ? y : y - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `Q${q} ${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

/** Calls one of the app's own commands from the window, as the screen does. */
async function command(app, name, args) {
  const json = await app.execute(
    (name, args) => window.__TAURI_INTERNALS__.invoke(name, args).then((v) => JSON.stringify({ ok: v }), (e) => JSON.stringify({ refused: e })),
    name,
    args,
  );
  const answer = JSON.parse(json);
  if ('refused' in answer) throw new Error(`${name} was refused: ${JSON.stringify(answer.refused)}`);
  return answer.ok;
}

/** Waits for the figures, or fails with what the screen says instead. */
async function figuresShown(app) {
  await app.waitUntil(async () => (await app.$('[data-testid="headline-meetings"]').isExisting()) || (await app.$('.notice.error').isExisting()), {
    timeout: 20000,
    timeoutMsg: 'neither the figures nor an error came',
  });
  const error = await app.$('.notice.error');
  if (await error.isExisting()) throw new Error(`the dashboard says: ${await error.getProperty('textContent')}`);
}

/** Each figure on screen: its heading, caption, and its canvas's name, description and painted pixels. */
async function figures(app) {
  return JSON.parse(
    await app.execute(() =>
      JSON.stringify(
        [...document.querySelectorAll('figure')].map((f) => {
          const canvas = f.querySelector('canvas');
          let painted = 0;
          if (canvas && canvas.width > 0 && canvas.height > 0) {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
          }
          return {
            title: f.querySelector('h2')?.textContent?.trim(),
            caption: f.querySelector('figcaption')?.textContent?.trim(),
            canvas: canvas && {
              role: canvas.getAttribute('role'),
              label: canvas.getAttribute('aria-label'),
              describedBy: document.getElementById(canvas.getAttribute('aria-describedby') ?? '')?.textContent?.trim(),
              painted,
            },
          };
        }),
      ),
    ),
  );
}

/** A figure's table: the header row, then a row per category, as text. */
async function tableRows(app, id) {
  return JSON.parse(
    await app.execute(
      (id) => JSON.stringify([...document.querySelectorAll(`[data-testid="chart-${id}"] table tr`)].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim()))),
      id,
    ),
  );
}

const figure = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

test("the dashboard's frame: reached by keyboard, the quarters offered by name, a typed period refused beside its field then shown", async () => {
  const app = await openApp(tempDb());
  try {
    await openDashboardByKeyboard(app);
    assert.equal(await (await app.$('a=Dashboard')).getAttribute('aria-current'), 'page');
    const options = await app.execute(() => [...document.querySelectorAll('#dashboard-period option')].map((o) => o.textContent.trim()));
    // This quarter, the last and the three before, each a quarter back from the one above it.
    const named = [0, 1, 2, 3, 4].map((back) => {
      const day = new Date();
      day.setDate(1);
      day.setMonth(day.getMonth() - 3 * back);
      return `${back === 0 ? 'This quarter: ' : back === 1 ? 'Last quarter: ' : ''}${quarterName(day)} (`;
    });
    assert.equal(options.length, 6, options.join(' | '));
    named.forEach((start, i) => assert.ok(options[i].startsWith(start), `"${options[i]}" starts "${start}"`));
    assert.equal(options[5], 'Other dates…');
    await (await byName(app, 'Save quarterly report (PDF)')).waitForDisplayed();
    await screenshot(app, 'dashboard-frame');

    // Other dates, typed UK-style; the first try has the days the wrong way round.
    await (await app.$('#dashboard-period')).selectByVisibleText('Other dates…');
    await (await app.$('#dashboard-from')).setValue('30/11/2026');
    await (await app.$('#dashboard-to')).setValue('01/09/2026');
    await (await byName(app, 'Show these dates')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="dashboard-to-reading"]')).includes('The end of the period is before its start.'), {
      timeout: 10000,
      timeoutMsg: 'the refusal shows beside the To field',
    });
    assert.equal(await (await app.$('#dashboard-to')).getAttribute('aria-invalid'), 'true');
    await screenshot(app, 'dashboard-period-refused');
    await (await app.$('#dashboard-from')).clearValue();
    await (await app.$('#dashboard-from')).setValue('01/09/2026');
    await (await app.$('#dashboard-to')).clearValue();
    await (await app.$('#dashboard-to')).setValue('30/11/2026');
    await (await byName(app, 'Show these dates')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="dashboard-period"]')).startsWith('1 September to 30 November 2026'), {
      timeout: 10000,
      timeoutMsg: 'the typed period is shown by name',
    });
    assert.equal(await (await app.$('#dashboard-to')).getAttribute('aria-invalid'), null);
  } catch (e) {
    await screenshot(app, 'failure-dashboard-frame');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test("the demo team's dashboard: every chart drawn with its words, each table the core's numbers, another quarter, the report saved", async () => {
  const exportDir = tempDir('dashboard-');
  const app = await openApp(tempDb(), ['--export-dir', exportDir]);
  try {
    await (await byName(app, 'Explore with demo data')).click();
    await (await app.$("//li[.//span[normalize-space()='In progress']]//a")).waitForDisplayed({ timeout: 15000 });
    await (await app.$('a=Dashboard')).click();
    await (await app.$('h1=Dashboard')).waitForDisplayed({ timeout: 15000 });
    await figuresShown(app);

    const [thisQuarter, lastQuarter] = await command(app, 'dashboard_quarters', { count: 2 });
    const core = await command(app, 'dashboard', { period: thisQuarter });
    assert.ok(core.charts.length >= 6, `the core gives the charts: ${core.charts.map((c) => c.id).join(', ')}`);
    assert.match(await textContent(app, '[data-testid="dashboard-period"]'), new RegExp(`^${thisQuarter.label.replace(/[()/]/g, '\\$&')}; as of `));
    assert.match(await textContent(app, '[data-testid="headline-meetings"]'), /^\d+ meetings? held/);
    assert.match(await textContent(app, '[data-testid="headline-supervision"]'), /^\d+ up to date with supervision, \d+ overdue$/);

    const shown = await figures(app);
    assert.deepEqual(
      shown.map((f) => f.title),
      core.charts.map((c) => c.title),
    );
    for (const [i, chart] of core.charts.entries()) {
      const f = shown[i];
      assert.equal(f.caption, chart.summary, `${chart.id}: the summary is the caption`);
      if (chart.categories.length === 0) {
        assert.equal(f.canvas, null, `${chart.id}: no data, no axes`);
        continue;
      }
      assert.equal(f.canvas.role, 'img');
      assert.equal(f.canvas.label, `${chart.title}, in ${chart.unit}`);
      assert.equal(f.canvas.describedBy, chart.summary, `${chart.id}: the canvas is described by its summary`);
      assert.ok(f.canvas.painted > 1000, `${chart.id}: the chart is drawn (${f.canvas.painted} pixels painted)`);
    }
    await screenshot(app, 'dashboard-demo');

    for (const chart of core.charts.filter((c) => c.categories.length > 0)) {
      const box = await app.$(`[data-testid="chart-${chart.id}"]`);
      await box.scrollIntoView({ block: 'center' });
      await (await box.$('button=Show as table')).click();
      await (await box.$('table')).waitForDisplayed({ timeout: 5000 });
      assert.equal(await (await box.$('canvas')).isExisting(), false, `${chart.id}: the table replaces the canvas`);
      const rows = await tableRows(app, chart.id);
      assert.deepEqual(rows[0].slice(1), chart.series.map((s) => s.name), `${chart.id}: series across`);
      assert.deepEqual(
        rows.slice(1),
        chart.categories.map((c, r) => [c, ...chart.series.map((s) => figure(s.values[r]))]),
        `${chart.id}: categories down, the core's values`,
      );
      if (chart.id === 'member-load') await screenshot(app, 'dashboard-demo-table');
      await (await box.$('button=Show as chart')).click();
      await (await box.$('canvas')).waitForExist({ timeout: 5000 });
    }
    await assertAccessible(app, 'the dashboard');

    // The quarter before, by name; then away to the meetings and back with the browser's Back.
    await (await app.$('#dashboard-period')).selectByIndex(1);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="dashboard-period"]')).startsWith(lastQuarter.label), {
      timeout: 15000,
      timeoutMsg: 'the last quarter is shown by name',
    });
    await figuresShown(app);
    await screenshot(app, 'dashboard-demo-last-quarter');
    await (await app.$('a=Meetings')).click();
    await (await app.$('h1=Meetings')).waitForDisplayed({ timeout: 10000 });
    await app.back();
    await (await app.$('h1=Dashboard')).waitForDisplayed({ timeout: 10000 });
    await figuresShown(app);
    assert.equal((await figures(app)).length, core.charts.length);

    // The report for this quarter, as a PDF.
    await (await app.$('#dashboard-period')).selectByIndex(0);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="dashboard-period"]')).startsWith(thisQuarter.label), { timeout: 15000 });
    await (await byName(app, 'Save quarterly report (PDF)')).click();
    const saved = await app.$('[data-testid="export-saved"]');
    const refused = await app.$('p.notice.error');
    await app.waitUntil(async () => (await saved.isExisting()) || (await refused.isExisting()), { timeout: 60000, timeoutMsg: 'the export neither saved nor failed' });
    if (await refused.isExisting()) throw new Error(`the report was not saved: ${await refused.getProperty('textContent')}`);
    assert.match(await saved.getText(), /Quarterly MDT report saved\. \d+ pages?, saved to /);
    const files = readdirSync(exportDir).filter((f) => f.endsWith('.pdf'));
    assert.deepEqual(files, [`MDT report ${thisQuarter.from} to ${thisQuarter.to}.pdf`]);
    assert.equal(readFileSync(path.join(exportDir, files[0])).subarray(0, 5).toString(), '%PDF-');
    await screenshot(app, 'dashboard-demo-saved');
  } catch (e) {
    await screenshot(app, 'failure-dashboard-demo');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
