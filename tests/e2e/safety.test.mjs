import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { byName, CLI, field, fill, openApp, screenshot, startDriver, stopDriver, tempDb, waitSaved, recordTab } from './harness.mjs';

before(startDriver);
after(stopDriver);

async function openInProgressChair(app) {
  const link = await app.$("//li[.//span[normalize-space()='In progress']]//a");
  await link.waitForDisplayed({ timeout: 15000 });
  await link.click();
  await (await byName(app, 'Open chair view')).click();
  const situation = await app.$('textarea[id$="-situation"]');
  await situation.waitForDisplayed({ timeout: 10000 });
  return situation;
}

test('what the minute-taker typed survives the app being killed', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const typed = ` Typed just before the power cut ${Date.now()}.`;
  let app = await openApp(db);
  try {
    const situation = await openInProgressChair(app);
    await situation.addValue(typed);
    await waitSaved(app);
    // SIGKILL: no window close, no flush, no goodbye.
    execFileSync('pkill', ['-KILL', '-f', `mdt-desktop --db ${db}`]);
  } finally {
    await app.deleteSession().catch(() => {});
  }
  app = await openApp(db);
  try {
    const situation = await openInProgressChair(app);
    assert.ok((await situation.getValue()).endsWith(typed), 'the record holds what was typed before the kill');
  } finally {
    await app.deleteSession();
  }
});

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';

/** Waits until an element matching `css` has exactly (or, with `partial`, contains) `text`. */
async function shows(app, css, text, partial = false) {
  await app.waitUntil(
    () => app.execute((c, t, p) => [...document.querySelectorAll(c)].some((e) => (p ? e.textContent.includes(t) : e.textContent.trim() === t)), css, text, partial),
    { timeout: 10000, timeoutMsg: `no ${css} showing ${text}` },
  );
}

async function notExecuted(app, where) {
  assert.equal(await app.execute(() => window.__xss ?? null), null, `a payload ran on ${where}`);
  assert.equal(await app.execute(() => document.querySelectorAll('main img, main script').length), 0, `markup was created on ${where}`);
}

test('markup typed into free-text fields is shown as text and never runs', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'members', 'add', '--name', `Chair ${IMG}`, '--role', 'gp', '--organisation', SCRIPT, '--core']);
  const app = await openApp(db);
  try {
    await (await app.$('a=Team roster')).click();
    await shows(app, 'th', `Chair ${IMG}`);
    await notExecuted(app, 'the roster');

    await (await app.$('a=Meetings')).click();
    const plan = await byName(app, 'Plan a meeting');
    await plan.waitForEnabled({ timeout: 10000 });
    await plan.click();
    await fill(app, 'Title (required)', `MDT ${SCRIPT}`);
    await fill(app, 'Team or series (required)', `Series ${IMG}`);
    await fill(app, 'Date (required)', '2026-04-06');
    await fill(app, 'Place', IMG);
    await (await byName(app, 'Create meeting')).click();
    await shows(app, 'h1', `MDT ${SCRIPT}`);

    await (await byName(app, 'Add a case')).click();
    await fill(app, 'Reference (required)', 'XS-0001');
    await fill(app, 'Reason for discussion', `Reason ${IMG} ${SCRIPT}`);
    await fill(app, 'Outside services', SCRIPT);
    await (await byName(app, 'Add to agenda')).click();
    await (await app.$('strong=XS-0001')).waitForDisplayed({ timeout: 10000 });
    await notExecuted(app, 'the meeting');

    await (await byName(app, 'Start meeting')).click();
    await recordTab(app);
    const situation = await app.$('textarea[id$="-situation"]');
    await situation.waitForDisplayed({ timeout: 10000 });
    await situation.setValue(`Situation ${IMG}`);
    await (await byName(app, 'New action')).setValue(`Action ${SCRIPT}`);
    await (await byName(app, 'Action owner')).selectByIndex(1);
    await (await byName(app, 'Add action')).click();
    await shows(app, 'li', `Action ${SCRIPT}`, true);
    await waitSaved(app);
    await shows(app, 'p.reason', `Reason ${IMG} ${SCRIPT}`);
    await notExecuted(app, 'the chair view');

    await (await app.$("button=← Leave chair view")).click();
    await (await app.$('a=Actions')).click();
    await shows(app, 'td', `Action ${SCRIPT}`, true);
    await notExecuted(app, 'the actions list');

    await (await app.$('a=Search')).click();
    await (await app.$('#search-query')).setValue('situation');
    await (await app.$('button=Search')).click();
    await (await app.$('mark')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('.hits')).getText(), /<img src=x onerror=/);
    await notExecuted(app, 'search results');
    await screenshot(app, 'xss-search');
  } catch (e) {
    await screenshot(app, 'failure-xss');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
