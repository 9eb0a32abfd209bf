// The chair view in the room: it fits a 1366×768 laptop and a 1280-wide window, each case starts
// at the top, the buttons stay put, the guidance is a compact summary, time is shown as bars, a
// shared screen can zoom and use a presenter view, a meeting starts on matters arising and
// attendance, and finalised minutes read as a document.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { CLI, byName, openApp, recordTab, screenshot, startDriver, stopDriver, tempDb, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

function demoDb() {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const lines = execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' }).split('\n');
  const id = (status) => lines.find((l) => l.includes(status))?.trim().split(/\s+/).pop();
  return { db, inProgress: id('in progress'), planned: id('planned'), finalised: id('finalised') };
}

async function title(app) {
  return (await app.$('#current-title')).getText();
}

async function next(app) {
  const before = await title(app);
  await app.keys(['Alt', 'ArrowRight']);
  await app.waitUntil(async () => (await title(app)) !== before, { timeout: 10000, timeoutMsg: 'Alt+→ moves to the next item' });
}

async function previous(app) {
  const before = await title(app);
  await app.keys(['Alt', 'ArrowLeft']);
  await app.waitUntil(async () => (await title(app)) !== before, { timeout: 10000, timeoutMsg: 'Alt+← moves to the previous item' });
}

/** Everything that would make the chair view not fit: horizontal scroll, clipped buttons, a cut-off title. */
async function misfits(app) {
  return app.execute(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
    for (const sel of ['.now-content', '.side', '.controls', '.bar']) {
      const el = document.querySelector(sel);
      if (el && el.scrollWidth > el.clientWidth + 1) {
        const edge = el.getBoundingClientRect().right;
        const wide = [...el.querySelectorAll('*')]
          .filter((c) => c.getBoundingClientRect().right > edge + 1 || (c.clientWidth > 1 && c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflowX === 'visible'))
          .map((c) => `${c.tagName.toLowerCase()}.${c.className} ${Math.round(c.getBoundingClientRect().right)} ${c.scrollWidth}/${c.clientWidth}`);
        out.push(`${sel} scrolls sideways (${el.scrollWidth} > ${el.clientWidth}): ${wide.slice(0, 3).join(', ')}`);
      }
    }
    const title = document.getElementById('current-title');
    if (title && title.scrollWidth > title.clientWidth + 1) out.push('the case title is cut off');
    for (const b of document.querySelectorAll('.chair button')) {
      if (!b.offsetParent) continue;
      const lineHeight = parseFloat(getComputedStyle(b).lineHeight) || 24;
      if (b.scrollWidth > b.clientWidth + 1) out.push(`button "${b.textContent.trim()}" is clipped`);
      else if (b.closest('.controls, .bar') && b.clientHeight > lineHeight * 2.2) out.push(`button "${b.textContent.trim()}" wraps`);
    }
    for (const s of document.querySelectorAll('.chair select')) {
      if (!s.offsetParent) continue;
      if (s.scrollWidth > s.clientWidth + 1) out.push(`select "${s.getAttribute('aria-label') ?? s.id}" cuts off its choices (${s.scrollWidth} > ${s.clientWidth})`);
      if (s.getBoundingClientRect().right > s.closest('section')?.getBoundingClientRect().right + 1) out.push('a select runs out of its panel');
    }
    return out;
  });
}

async function controlsTop(app) {
  return app.execute(() => Math.round(document.querySelector('.controls button').getBoundingClientRect().top));
}

for (const [width, height] of [
  [1366, 768],
  [1280, 800],
]) {
  test(`at ${width}×${height} the chair view fits, every case starts at the top and the buttons stay put`, async () => {
    const { db, inProgress } = demoDb();
    const app = await openApp(db);
    try {
      await app.setWindowSize(width, height);
      await app.execute((hash) => (location.hash = hash), `#/meetings/${inProgress}/chair`);
      await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
      await recordTab(app);
      const top = await controlsTop(app);
      const seen = [];
      for (let i = 0; i < 4; i++) {
        // Scroll both sides down, as a minute-taker would while typing, then move on.
        await app.execute(() => {
          document.querySelector('.now-content').scrollTop = 400;
          document.querySelector('.side').scrollTop = 900;
        });
        // The meeting in progress opens on its last case: walk back through it.
        await previous(app);
        await app.pause(300);
        const [nowTop, sideTop] = await app.execute(() => [document.querySelector('.now-content').scrollTop, document.querySelector('.side')?.scrollTop ?? 0]);
        assert.deepEqual([nowTop, sideTop], [0, 0], `${await title(app)} starts at the top on both sides`);
        assert.equal(await controlsTop(app), top, 'Next and Previous stay where they were');
        assert.deepEqual(await misfits(app), [], `${await title(app)} fits at ${width}×${height}`);
        // The guidance is a compact summary: "Up next" shows without scrolling.
        const [upNextBottom, paneBottom] = await app.execute(() => [
          document.querySelector('.up-next-title').getBoundingClientRect().bottom,
          document.querySelector('.now-content').getBoundingClientRect().bottom,
        ]);
        assert.ok(upNextBottom <= paneBottom, `"Up next" is on screen for ${await title(app)} (${upNextBottom} ≤ ${paneBottom})`);
        seen.push(await title(app));
        await screenshot(app, `chair-${width}-${i + 1}`);
      }
      assert.equal(new Set(seen).size, 4);
      assert.match(await textContent(app, '[data-testid="item-time"]'), /^This item: \d+:\d\d of \d+:00/);
      assert.match(await textContent(app, '[data-testid="meeting-time"]'), /^Meeting: \d+:\d\d(:\d\d)? of 1:30:00/);
    } catch (e) {
      await screenshot(app, `failure-chair-${width}`);
      throw e;
    } finally {
      await app.deleteSession();
    }
  });
}

test('a shared screen zooms with Ctrl + = / − / 0 and a presenter view shows only the chair side', async () => {
  const { db, inProgress } = demoDb();
  const app = await openApp(db);
  try {
    await app.setWindowSize(1366, 768);
    await app.execute((hash) => (location.hash = hash), `#/meetings/${inProgress}/chair`);
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    const zoomOf = () => app.execute(() => getComputedStyle(document.querySelector('[data-testid="zoomed"]')).zoom);
    const rootSize = () => app.execute(() => getComputedStyle(document.documentElement).fontSize);
    assert.equal(await zoomOf(), '1');
    await app.keys(['Control', '=']);
    await app.keys(['Control', '=']);
    await app.keys(['Control', '=']);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="zoom"]')) === '150%', { timeout: 5000, timeoutMsg: 'three steps up is 150%' });
    assert.equal(await zoomOf(), '1.5');
    assert.equal(await rootSize(), '16px', "the window's own controls keep their size");
    await app.keys(['Alt', 'p']);
    await app.waitUntil(async () => !(await (await app.$('.side')).isExisting()), { timeout: 5000, timeoutMsg: 'the presenter view hides the minute-taker side' });
    assert.equal(await (await byName(app, 'Presenter view')).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await misfits(app), [], 'the presenter view at 150% fits 1366×768');
    const countdownOnScreen = () =>
      app.execute(() => document.querySelector('[data-testid="countdown"]').getBoundingClientRect().bottom <= document.querySelector('.now-content').getBoundingClientRect().bottom);
    assert.ok(await countdownOnScreen(), 'the countdown is in view across the room');
    await screenshot(app, 'chair-presenter-150');
    await app.keys(['Control', '=']);
    await app.keys(['Control', '=']);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="zoom"]')) === '200%', { timeout: 5000 });
    assert.deepEqual(await misfits(app), [], 'the presenter view at 200% fits 1366×768');
    assert.ok(await countdownOnScreen(), 'the countdown is in view at 200% too');
    await screenshot(app, 'chair-presenter-200');
    // Remembered on this computer: leaving and coming back keeps it; outside the chair view the app is its usual size.
    await (await byName(app, '← Leave chair view')).click();
    await (await byName(app, 'Open chair view')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await rootSize(), '16px');
    await (await byName(app, 'Open chair view')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await textContent(app, '[data-testid="zoom"]'), '200%');
    await app.keys(['Control', '0']);
    await app.waitUntil(async () => (await zoomOf()) === '1', { timeout: 5000, timeoutMsg: 'Ctrl+0 puts it back' });
    await app.keys(['Control', '-']);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="zoom"]')) === '90%', { timeout: 5000 });
    await app.keys(['Control', '0']);
  } catch (e) {
    await screenshot(app, 'failure-chair-presenter');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('starting a meeting begins with matters arising and attendance; the plan shows as a bar that says where it overruns', async () => {
  const { db, planned } = demoDb();
  const app = await openApp(db);
  try {
    await app.setWindowSize(1366, 768);
    await app.execute((hash) => (location.hash = hash), `#/meetings/${planned}`);
    const bar = await app.$('[data-testid="timeline-bar"] .words');
    await bar.waitForDisplayed({ timeout: 10000 });
    const before = await bar.getText();
    assert.match(before, /^(Fits: \d+ of \d+ minutes planned|⚠ Runs \d+ minutes? over)/);
    // Add an item long enough to overrun: the bar says so, and names what runs past the end.
    await (await byName(app, 'Add another item')).click();
    await (await app.$('#small-title')).setValue('Service updates from the ICB');
    await (await app.$('#small-minutesAllowed')).setValue('200');
    await (await byName(app, 'Add item')).click();
    await app.waitUntil(async () => /Runs \d+ minutes over/.test(await bar.getText()), { timeout: 10000, timeoutMsg: 'the bar says the plan overruns' });
    assert.match(await bar.getText(), /Past the end: .*Service updates from the ICB\.$/);
    assert.ok((await app.$$('[data-testid="timeline-bar"] .segment.past')).length >= 1, 'the overrunning items are drawn hatched');
    await screenshot(app, 'plan-timeline-overrun');

    await (await byName(app, 'Start meeting')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await title(app), 'Matters arising', 'a meeting starts on matters arising');
    const tab = await app.$('button[role="tab"][aria-selected="true"]');
    assert.match(await tab.getText(), /^Attendance/, 'with the attendance to take');
    await screenshot(app, 'chair-start');
  } catch (e) {
    await screenshot(app, 'failure-chair-start');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('finalised minutes open as a document to read: text, no boxes to type in, no over-time alarm', async () => {
  const { db, finalised } = demoDb();
  const app = await openApp(db);
  try {
    await app.setWindowSize(1366, 768);
    await app.execute((hash) => (location.hash = hash), `#/meetings/${finalised}`);
    await (await byName(app, 'Read case records')).click();
    await (await app.$('#current-title')).waitForDisplayed({ timeout: 10000 });
    for (let i = 0; i < 6 && !(await (await app.$('article.document')).isExisting()); i++) await next(app);
    const doc = await app.$('article.document');
    await doc.waitForDisplayed({ timeout: 10000 });
    assert.ok((await doc.getText()).length > 40, 'the record reads as text');
    assert.equal((await app.$$('.side textarea, .side input, .side select')).length, 0, 'nothing to type into');
    assert.equal(await (await app.$('[data-testid="countdown"]')).isExisting(), false, 'no countdown');
    assert.match(await textContent(app, '[data-testid="time-taken"]'), /^Took \d+:\d\d of the \d+ minutes allowed\.$/);
    assert.equal(await (await byName(app, 'Next')).isExisting(), true, 'moving between cases still works');
    assert.equal((await app.$$('button*=Discussed, next')).length, 0, 'no outcome buttons on finalised minutes');
    await screenshot(app, 'chair-minutes-document');
  } catch (e) {
    await screenshot(app, 'failure-chair-document');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
