import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import path from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, byName, openApp, planMeeting, screenshot, seedTeam, startDriver, stopDriver, tempDb, tempDir } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** Where an element sits in the window, and what has focus. */
const place = (app, selector) =>
  app.execute((sel) => {
    const el = document.querySelector(sel);
    const r = el?.getBoundingClientRect();
    return {
      exists: !!el,
      top: r?.top ?? null,
      bottom: r?.bottom ?? null,
      height: window.innerHeight,
      focused: document.activeElement?.id || document.activeElement?.getAttribute('data-hit') || document.activeElement?.tagName,
      hash: location.hash,
    };
  }, selector);

/** Nine cases; only the sixth mentions an allotment. Long reasons make each row tall. */
function caseList() {
  const filler = 'Lives alone since a bereavement, manages day to day with help from a neighbour, and has missed several appointments at the practice this winter.';
  const rows = ['reference,reason,presenter,minutes,consent'];
  for (let n = 1; n <= 9; n++) {
    const extra = n === 6 ? ' Would like to get back to her allotment.' : '';
    rows.push(`CS-010${n},"${filler}${extra}",Priya Example,10,agreed`);
  }
  const file = path.join(tempDir('cases-'), 'cases.csv');
  writeFileSync(file, rows.join('\n'));
  return file;
}

test('a search hit opens its case in view, marked and focused, and Back returns to the results', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await planMeeting(app, { minutes: 120 });
    const meetingHash = await app.execute(() => location.hash);
    const meetingId = meetingHash.split('/')[2];
    execFileSync(CLI, ['--db', db, 'import-cases', meetingId, caseList()]);

    // Opened at the top, the sixth case is below the fold and nothing is marked: what the
    // search must change.
    await app.execute(() => (location.hash = '#/search'));
    await (await app.$('#search-query')).waitForDisplayed({ timeout: 10000 });
    await app.execute((h) => (location.hash = h), meetingHash);
    await (await app.$('strong=CS-0101')).waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await app.$$('li.item')).length === 9, { timeout: 10000, timeoutMsg: 'nine cases imported' });
    const sixthId = await app.execute(() => document.querySelectorAll('li.item')[5].id);
    const top = await place(app, `#${sixthId}`);
    assert.ok(top.top > top.height, `the sixth case starts below the window (${top.top} > ${top.height})`);
    assert.equal(await (await app.$('.found-tag')).isExisting(), false);

    // Search for the word only the sixth case has.
    await (await app.$('a=Search')).click();
    await (await app.$('#search-query')).setValue('allotment');
    await (await app.$('button=Search')).click();
    await (await app.$('.hits li')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await app.$('p.summary')).getText(), '1 result');
    assert.match(await (await app.$('.hits li')).getText(), /CS-0106/);
    assert.equal(await app.execute(() => location.hash), '#/search/allotment', 'the words are kept in the address');
    await screenshot(app, 'search-results');

    // Open it from the keyboard.
    const link = await byName(app, 'Open CS-0106 in Riverside MDT, 2 Mar 2026');
    await app.execute((el) => el.focus(), link);
    await app.keys('Enter');
    const wanted = `#/meetings/${meetingId}/items/${sixthId.replace('item-', '')}`;
    await app.waitUntil(async () => (await place(app, `#${sixthId}`)).focused === sixthId, {
      timeout: 10000,
      timeoutMsg: 'the sixth case should have focus',
    });
    const found = await place(app, `#${sixthId}`);
    assert.equal(found.hash, wanted);
    assert.ok(found.top >= 0 && found.bottom <= found.height, `the case is in view: ${JSON.stringify(found)}`);
    const row = await app.$(`#${sixthId}`);
    assert.match(await row.getText(), /^.*Found by search[\s\S]*CS-0106[\s\S]*allotment/);
    assert.equal((await app.$$('.found-tag')).length, 1, 'only the case found is marked');
    assert.ok((await row.getAttribute('class')).split(' ').includes('found'));
    await screenshot(app, 'search-opens-case');

    // Back (the screen's own link, from the keyboard): the results again, focus on the hit opened.
    const hitKey = 'case_reason-' + sixthId.replace('item-', '');
    const backToResults = async () => {
      await (await app.$('.hits li')).waitForDisplayed({ timeout: 10000 });
      assert.equal(await app.execute(() => location.hash), '#/search/allotment');
      assert.equal(await (await app.$('#search-query')).getValue(), 'allotment');
      assert.equal(await (await app.$('p.summary')).getText(), '1 result');
      await app.waitUntil(async () => (await place(app, 'body')).focused === hitKey, {
        timeout: 10000,
        timeoutMsg: 'focus returns to the hit that was opened',
      });
    };
    const back = await byName(app, '← Back to search results');
    await app.execute((el) => el.focus(), back);
    await app.keys('Enter');
    await backToResults();
    await screenshot(app, 'search-back');

    // Again with the mouse, and back with the window's own history (Alt+← or a mouse's back button).
    await (await byName(app, 'Open CS-0106 in Riverside MDT, 2 Mar 2026')).click();
    await app.waitUntil(async () => (await place(app, `#${sixthId}`)).focused === sixthId, { timeout: 10000 });
    await app.back();
    await backToResults();
  } catch (e) {
    await screenshot(app, 'failure-search');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
