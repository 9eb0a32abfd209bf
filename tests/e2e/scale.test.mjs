import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { CLI, byName, field, openApp, screenshot, startDriver, stopDriver, tempDb, waitSaved } from './harness.mjs';

before(startDriver);
after(stopDriver);

test('a year of generated meetings: every screen opens, the chair view saves as the minute-taker types', async () => {
  const db = tempDb();
  const summary = execFileSync(CLI, ['--db', db, 'generate', '--years', '1', '--seed', '5'], { encoding: 'utf8' });
  assert.match(summary, /53 meetings/);
  const app = await openApp(db);
  try {
    const inProgress = await app.$("//li[.//span[normalize-space()='In progress']]//a");
    await inProgress.waitForDisplayed({ timeout: 15000 });
    // Past minutes come half a year at a time; the rest on request.
    assert.ok((await app.$$('ul.meetings li')).length < 30);
    await screenshot(app, 'scale-meetings');
    await (await app.$('button*=Show all')).click();
    await app.waitUntil(async () => (await app.$$('ul.meetings li')).length === 53, { timeout: 10000 });

    await inProgress.click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await (await byName(app, 'Open chair view')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    // The chair picks up at the first case not yet discussed, half way down a 40-to-60-case list.
    assert.match(await (await app.$('.position')).getText(), /^Item \d+ of \d+$/);
    const title = await (await app.$('#current-title')).getText();
    await (await field(app, 'Discussion')).setValue('Agreed to ask about the lunch club.');
    await waitSaved(app);
    await screenshot(app, 'scale-chair');
    // The case before it was discussed: its record has the long notes.
    await app.keys(['Alt', 'ArrowLeft']);
    await app.waitUntil(async () => (await (await app.$('#current-title')).getText()) !== title, { timeout: 5000 });
    assert.ok((await (await field(app, 'Discussion')).getValue()).length > 300, 'an earlier case has long notes');
    await screenshot(app, 'scale-chair-discussed');

    await (await app.$("button=← Leave chair view")).click();
    await (await app.$('a=Actions')).click();
    await (await app.$('span=Overdue')).waitForDisplayed({ timeout: 10000 });
    const summaryLine = await (await app.$('p.summary')).getText();
    assert.match(summaryLine, /^\d+ actions, \d+ overdue$/);
    await screenshot(app, 'scale-actions');

    await (await app.$('a=Search')).click();
    await (await app.$('#search-query')).setValue('lunch club');
    await (await app.$('button=Search')).click();
    await (await app.$('mark')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'scale-search');
  } catch (e) {
    await screenshot(app, 'failure-scale');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
