import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

import path from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, byName, openApp, screenshot, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

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
  const exportDir = tempDir('exports-');
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

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "1 December 2026" for a date on this machine's clock. */
const dayMonthYear = (d) => `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;

/** The id of the element with focus, or its ARIA label. */
const focused = (app) => app.execute(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '');

async function openMeeting(app, status) {
  await (await app.$('a=Meetings')).click();
  const link = await app.$(`//li[.//span[normalize-space()='${status}']]//a`);
  await link.waitForDisplayed({ timeout: 15000 });
  await link.click();
  await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
}

test('finalising checks the date and attendance first; the minutes keep the flags finalised past and who amended them', async () => {
  const exportDir = tempDir('exports-');
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const app = await openApp(db, ['--export-dir', exportDir]);
  try {
    // The demo's planned meeting is a fortnight away: finalising it is refused, with a way to fix the date.
    await openMeeting(app, 'Planned');
    await (await byName(app, 'Finalise minutes')).click();
    const refused = await app.$('[data-testid="finalise-checks"]');
    await refused.waitForDisplayed({ timeout: 10000 });
    const refusedText = await refused.getText();
    assert.match(refusedText, /Cannot finalise yet: This meeting is dated \w+ \d+ \w+ \d{4}, after today \(\w+ \d+ \w+ \d{4}\)\./);
    assert.match(refusedText, /Check: Attendance is not recorded for any of the 8 expected members\./);
    assert.equal(await (await app.$('//dialog//button[normalize-space()="Finalise anyway"]')).isExisting(), false, 'no way to finalise');
    assert.equal(await (await app.$('//dialog//button[normalize-space()="Finalise minutes"]')).isExisting(), false);
    assert.equal(await (await app.$('h3=Guidance review')).isExisting(), false);
    await screenshot(app, 'finalise-future-refused');
    await (await byName(app, 'Correct the date')).click();
    await (await app.$('label=Date (required)')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('//dialog//button[normalize-space()="Cancel"]')).click();
    await (await app.$('dialog')).waitForExist({ reverse: true, timeout: 10000 });

    // Today's meeting: the chair forgot one member's attendance.
    await openMeeting(app, 'In progress');
    const member = 'Priya Mockford';
    const line = await app.$(`[aria-label="Attendance of ${member}"]`);
    await line.scrollIntoView({ block: 'center' });
    await line.selectByVisibleText('Not recorded');
    await app.waitUntil(async () => (await (await app.$(`[aria-label="Attendance of ${member}"]`)).getValue()) === 'unknown', { timeout: 10000 });
    await (await byName(app, 'Finalise minutes')).click();
    const checks = await app.$('[data-testid="finalise-checks"]');
    await checks.waitForDisplayed({ timeout: 10000 });
    assert.match(await checks.getText(), new RegExp(`Check: Attendance is not recorded for 1 of the 8 expected members: ${member}\\.`));
    assert.doesNotMatch(await checks.getText(), /Cannot finalise|Nobody is marked present/);
    await (await byName(app, 'Finalise anyway')).waitForDisplayed({ timeout: 10000 });
    // The checks run longer than the dialog: its buttons stay in view without scrolling, and the
    // dialog does scroll (the control: were it short, this would prove nothing).
    const fit = await app.execute(() => {
      const dialog = document.querySelector('dialog[open]');
      const button = [...dialog.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Finalise anyway');
      const box = dialog.getBoundingClientRect(), b = button.getBoundingClientRect();
      return { scrolls: dialog.scrollHeight > dialog.clientHeight, inView: b.top >= box.top && b.bottom <= box.bottom };
    });
    assert.deepEqual(fit, { scrolls: true, inView: true });
    await screenshot(app, 'finalise-checks');
    // "Go to attendance" takes the chair to that member's line.
    await (await byName(app, 'Go to attendance')).click();
    await app.waitUntil(async () => (await focused(app)) === `Attendance of ${member}`, { timeout: 10000, timeoutMsg: 'focus on the forgotten member' });
    await line.selectByVisibleText('Present');
    await app.waitUntil(async () => (await (await app.$(`[aria-label="Attendance of ${member}"]`)).getValue()) === 'present', { timeout: 10000 });

    // Put right: the checks are gone; the guidance review's open flags are finalised past.
    await (await byName(app, 'Finalise minutes')).click();
    const review = await app.$('[data-testid="finalise-review"]');
    await review.waitForDisplayed({ timeout: 10000 });
    // What is left is not a fault: the case on screen when the demo stopped has notes, so it will
    // be minuted as discussed (with nothing about attendance any more).
    const left = await textContent(app, '[data-testid="finalise-checks"]');
    assert.match(left, /Check: [A-Z]{2}-\d{4} not marked discussed, but has notes, actions, a referral or the joint-working agreement recorded, so it will be minuted as discussed\./);
    assert.doesNotMatch(left, /Attendance|Cannot finalise|Go to attendance/);
    assert.match(await review.getText(), /guidance flags? (is|are) still open/);
    await (await byName(app, 'Finalise anyway')).click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });

    // Under each case on screen, the flags finalised past, as the dialog promised.
    const meetingId = Number((await app.execute(() => location.hash)).split('/')[2]);
    const kept = JSON.parse(execFileSync(CLI, ['--db', db, 'review', String(meetingId), '--json'], { encoding: 'utf8' }));
    const overridden = kept.cases.filter((c) => c.overridden.length > 0);
    assert.ok(overridden.length > 0, 'the demo meeting has flags to finalise past');
    const today = dayMonthYear(new Date());
    for (const c of overridden) {
      const block = await app.$(`//li[contains(@class,'item')][.//strong[normalize-space()='${c.reference}']]//*[@data-testid='overridden-flags']`);
      await block.scrollIntoView({ block: 'center' });
      const text = await block.getText();
      assert.match(text, new RegExp(`still open when the minutes were finalised on ${today} at \\d\\d:\\d\\d`));
      for (const o of c.overridden) assert.ok(text.includes(o.detail), `${c.reference}: ${o.detail}`);
    }
    const clean = kept.cases.find((c) => c.overridden.length === 0 && c.outcome === 'discussed');
    if (clean) {
      const none = await app.$(`//li[contains(@class,'item')][.//strong[normalize-space()='${clean.reference}']]//*[@data-testid='overridden-flags']`);
      assert.equal(await none.isExisting(), false, `${clean.reference} had nothing open`);
    }
    await (await app.$('[data-testid="overridden-flags"]')).scrollIntoView({ block: 'center' });
    await screenshot(app, 'minutes-overridden-flags');

    // An amendment names who made it, when and why.
    await (await byName(app, 'Amend minutes')).click();
    await (await app.$('#small-reason')).setValue('Priya Mockford was present; attendance corrected');
    await (await byName(app, 'Start amending')).click();
    await (await byName(app, 'Finish amending')).click();
    const notice = await app.$('div.notice.info');
    await notice.waitForDisplayed({ timeout: 10000 });
    const bundle = JSON.parse(execFileSync(CLI, ['--db', db, 'export', String(meetingId)], { encoding: 'utf8' }));
    const by = bundle.meeting.amendments[0].amendedBy;
    assert.ok(by.trim(), 'the amendment records who made it');
    const amended = `Amended on ${today} by ${by}: Priya Mockford was present; attendance corrected`;
    assert.ok((await notice.getText()).includes(amended), await notice.getText());
    await notice.scrollIntoView({ block: 'center' });
    await screenshot(app, 'minutes-amended');

    // The PDF says the same.
    await (await byName(app, 'Export minutes')).click();
    await (await byName(app, 'Choose where to save…')).click();
    await (await app.$('strong=Minutes saved.')).waitForDisplayed({ timeout: 30000 });
    const text = execFileSync('pdftotext', [await written(app, exportDir, /-minutes\.pdf$/), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.ok(text.includes(amended), 'the amendment line in the PDF');
    for (const c of overridden) {
      const section = text.slice(text.indexOf(`. ${c.reference}`));
      assert.match(section, /Guidance flags finalised past/);
      for (const o of c.overridden) assert.ok(section.includes(`• ${o.detail}`), `${c.reference}: ${o.detail} in the PDF`);
    }
  } catch (e) {
    await screenshot(app, 'failure-finalise');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
