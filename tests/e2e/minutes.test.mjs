import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { byName, openApp, screenshot, startDriver, stopDriver, tempDb } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** The text of a PDF, as poppler's pdftotext reads it. */
const pdfText = (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** The one file in `dir` whose name matches `pattern`, once the app has written it. */
async function written(app, dir, pattern) {
  let found = [];
  await app.waitUntil(() => (found = readdirSync(dir).filter((n) => pattern.test(n))).length === 1, {
    timeout: 15000,
    timeoutMsg: `no file matching ${pattern} in ${dir}: ${readdirSync(dir).join(', ')}`,
  });
  return path.join(dir, found[0]);
}

test('a chair exports finalised minutes, with identifiers only when asked, and prints an action list', async () => {
  // The export folder stands in for the save dialog (see README, "Tests").
  const exportDir = mkdtempSync(path.join(os.tmpdir(), 'mdt-e2e-exports-'));
  const app = await openApp(tempDb(), ['--export-dir', exportDir]);
  try {
    await (await byName(app, 'Explore with demo data')).click();
    const finalised = await app.$("//li[.//span[normalize-space()='Finalised minutes']]//a");
    await finalised.waitForDisplayed({ timeout: 15000 });
    await finalised.click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });

    await (await byName(app, 'Export minutes')).click();
    const include = await byName(app, 'Include full identifiers');
    assert.equal(await include.isSelected(), false, 'identifiers are left out unless chosen');
    await screenshot(app, 'minutes-export-dialog');
    await (await byName(app, 'Choose where to save…')).click();
    await (await app.$('strong=Minutes saved.')).waitForDisplayed({ timeout: 30000 });
    assert.ok(await (await byName(app, 'Open the file')).isDisplayed());
    await screenshot(app, 'minutes-exported');

    const minutes = await written(app, exportDir, /-minutes\.pdf$/);
    let text = pdfText(minutes);
    assert.match(text, /GW-3310/, 'a case reference');
    assert.match(text, /Agreed actions/);
    assert.doesNotMatch(text, /DEMO-0001/, 'no identifier unless asked for');

    await (await byName(app, 'Dismiss')).click();
    await (await byName(app, 'Export minutes')).click();
    await (await byName(app, 'Include full identifiers')).click();
    await (await byName(app, 'Choose where to save…')).click();
    await (await app.$('strong=Minutes saved.')).waitForDisplayed({ timeout: 30000 });
    text = pdfText(minutes);
    assert.match(text, /other identifier DEMO-0001/);
    assert.match(text, /Includes full identifiers: store and send securely/);

    await (await app.$('a=Actions')).click();
    await (await app.$('h1=Agreed actions')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('#filter-owner')).selectByVisibleText('Priya Mockford');
    await (await byName(app, 'Print action list')).click();
    await (await app.$('strong=Action list saved.')).waitForDisplayed({ timeout: 30000 });
    await screenshot(app, 'action-list-printed');
    const list = pdfText(await written(app, exportDir, /^open-actions-priya-mockford-.*\.pdf$/));
    assert.match(list, /Open actions: Priya Mockford/);
    assert.match(list, /EB-6120/, 'the case each action came from');
    assert.match(list, /Page 1 of 1/, "one member's list on one page");
  } catch (e) {
    await screenshot(app, 'failure-minutes');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
