// The agenda pack and the calendar invitation, exported from the meeting screen of the demo's
// planned meeting. The export folder stands in for the save dialog (see README, "Tests").
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** An iCalendar file's lines, folded lines joined again. */
const icsLines = (file) => readFileSync(file, 'utf8').replace(/\r\n[ \t]/g, '').split('\r\n');

test('a chair exports the agenda pack and the calendar invitation from the meeting screen', async () => {
  const exportDir = tempDir('exports-');
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const app = await openApp(db, ['--export-dir', exportDir]);
  try {
    await (await app.$('a=Meetings')).click();
    const planned = await app.$("//li[.//span[normalize-space()='Planned']]//a");
    await planned.waitForDisplayed({ timeout: 15000 });
    await planned.click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'agenda-pack-meeting-screen');

    // The agenda pack, with a page for each presenter.
    await (await byName(app, 'Agenda pack')).click();
    const perPresenter = await byName(app, 'Add a page for each presenter');
    assert.equal(await perPresenter.isSelected(), false, 'presenter pages only when asked for');
    await perPresenter.click();
    await screenshot(app, 'agenda-pack-dialog');
    await (await byName(app, 'Choose where to save…')).click();
    await (await app.$('strong=Agenda pack saved.')).waitForDisplayed({ timeout: 30000 });
    const saved = await textContent(app, '[data-testid="export-saved"]');
    assert.match(saved, /\d+ pages, saved to .*agenda-pack\.pdf/);
    assert.ok(await (await byName(app, 'Open the file')).isDisplayed());
    await screenshot(app, 'agenda-pack-saved');
    const pack = pdfText(await written(app, exportDir, /-agenda-pack\.pdf$/));
    assert.match(pack, /Timed agenda/);
    assert.match(pack, /13:00\s+5 minutes\s+Matters arising/, 'matters arising first, at the start');
    assert.ok(pack.indexOf('DH-1187') < pack.indexOf('TO-1450'), 'cases in agenda order');
    assert.match(pack, /What you are bringing: Callum Mockridge/);
    assert.match(pack, /Page 1 of \d+/);
    assert.doesNotMatch(pack, /DEMO-0002/, "DH-1187's stored identifier is never printed");

    // The calendar invitation, straight away: no dialog, the same notice.
    await (await byName(app, 'Dismiss')).click();
    await (await byName(app, 'Calendar invitation')).click();
    await (await app.$('strong=Calendar invitation saved.')).waitForDisplayed({ timeout: 30000 });
    const notice = await textContent(app, '[data-testid="export-saved"]');
    assert.match(notice, /File: .*\.ics/);
    assert.doesNotMatch(notice, /page/, 'an invitation has no pages');
    await screenshot(app, 'invitation-saved');
    const ics = await written(app, exportDir, /\.ics$/);
    const lines = icsLines(ics);
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.ok(lines.includes('BEGIN:VTIMEZONE') && lines.includes('TZID:Europe/London'));
    assert.ok(lines.some((l) => /^DTSTART;TZID=Europe\/London:\d{8}T130000$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^DTEND;TZID=Europe\/London:\d{8}T143000$/.test(l)), 'the demo meeting is 90 minutes');
    assert.ok(lines.includes('SEQUENCE:0'));
    assert.ok(lines.some((l) => l.startsWith('ATTENDEE;') && l.endsWith('mailto:priya.mockford@riversidevale.example')));
    const description = lines.find((l) => l.startsWith('DESCRIPTION:'));
    assert.match(description, /DH-1187/);
    assert.doesNotMatch(readFileSync(ics, 'utf8'), /DEMO-0002/);
    const uid = lines.find((l) => l.startsWith('UID:'));

    // Exported again unchanged: the same event, not a new one.
    await (await byName(app, 'Dismiss')).click();
    await (await byName(app, 'Calendar invitation')).click();
    await (await app.$('strong=Calendar invitation saved.')).waitForDisplayed({ timeout: 30000 });
    const again = icsLines(ics);
    assert.equal(again.find((l) => l.startsWith('UID:')), uid);
    assert.ok(again.includes('SEQUENCE:0'));
  } catch (e) {
    await screenshot(app, 'failure-agenda-pack');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('a chair cancels the planned meeting, sends the cancellation, changes their mind and reinstates it', async () => {
  const exportDir = tempDir('exports-');
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const app = await openApp(db, ['--export-dir', exportDir]);
  const openPlanned = async (status) => {
    await (await app.$('a=Meetings')).click();
    const link = await app.$(`//li[.//span[normalize-space()='${status}']]//a`);
    await link.waitForDisplayed({ timeout: 15000 });
    await link.click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
  };
  try {
    await openPlanned('Planned');
    // The invitation goes out first, so there is an event to cancel.
    await (await byName(app, 'Calendar invitation')).click();
    await (await app.$('strong=Calendar invitation saved.')).waitForDisplayed({ timeout: 30000 });
    const ics = await written(app, exportDir, /\.ics$/);
    const uid = icsLines(ics).find((l) => l.startsWith('UID:'));
    await (await byName(app, 'Dismiss')).click();

    // Opened, then kept after all: nothing changes.
    await (await byName(app, 'Cancel meeting')).click();
    const dialog = await app.$('dialog');
    await dialog.waitForDisplayed({ timeout: 10000 });
    assert.match(await dialog.getText(), /4 cases listed \(DH-1187, AP-4476, CB-5502, TO-1450\) will go to the series' next meeting/);
    await (await byName(app, 'Keep the meeting')).click();
    await (await app.$('dialog')).waitForExist({ reverse: true, timeout: 10000 });
    assert.ok(await (await byName(app, 'Start meeting')).isDisplayed(), 'still planned');

    // No reason: refused at the field, the dialog stays.
    await (await byName(app, 'Cancel meeting')).click();
    await (await byName(app, 'Cancel the meeting')).click();
    await app.waitUntil(async () => /Give the reason for cancelling/.test(await textContent(app, 'dialog')), { timeout: 10000 });
    await (await app.$('#cancel-reason')).setValue('Chair on leave; no cover this week');
    await screenshot(app, 'cancel-meeting-dialog');
    await (await byName(app, 'Cancel the meeting')).click();
    const outcome = await app.$('#cancellation-outcome');
    await outcome.waitForDisplayed({ timeout: 10000 });
    assert.match(await outcome.getText(), / is cancelled\. Its 4 cases will be added to the agenda when the series' next meeting is planned\.$/);
    assert.equal(await app.execute(() => document.activeElement?.id), 'cancellation-outcome', 'focus goes to what happened');
    const banner = await textContent(app, '#cancelled-banner');
    assert.match(banner, /Cancelled on .* by .*\. Reason: Chair on leave; no cover this week/);
    assert.equal(await (await app.$('aria/Start meeting')).isExisting(), false, 'a cancelled meeting cannot be started');
    assert.equal(await (await app.$('aria/Add a case')).isExisting(), false, 'nor its agenda changed');
    assert.match(await textContent(app, '.agenda'), /Listed, not discussed/);
    await screenshot(app, 'cancelled-meeting');

    // The invitation again: now it cancels the same event.
    await (await byName(app, 'Calendar invitation')).click();
    await (await app.$('strong=Calendar cancellation saved.')).waitForDisplayed({ timeout: 30000 });
    await app.waitUntil(() => icsLines(ics).includes('METHOD:CANCEL'), { timeout: 10000 });
    const cancelled = icsLines(ics);
    assert.equal(cancelled.find((l) => l.startsWith('UID:')), uid);
    assert.ok(cancelled.includes('STATUS:CANCELLED') && cancelled.includes('SEQUENCE:1'), cancelled.join('\n'));
    await (await byName(app, 'Dismiss')).click();

    // Leave and come back: the meetings list and the meeting say cancelled.
    await openPlanned('Cancelled');
    assert.match(await textContent(app, '#cancelled-banner'), /Reason: Chair on leave; no cover this week/);

    // A mistake after all: reinstated, the cases are back to be discussed.
    await (await byName(app, 'Reinstate meeting')).click();
    await app.waitUntil(async () => / is reinstated\. 4 cases are back on its agenda\.$/.test(await textContent(app, '#cancellation-outcome')), { timeout: 10000 });
    assert.ok(await (await byName(app, 'Start meeting')).isDisplayed());
    assert.doesNotMatch(await textContent(app, '.agenda'), /Listed, not discussed/);
    assert.match(execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' }), /planned/);
    assert.doesNotMatch(execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' }), /cancelled/);
  } catch (e) {
    await screenshot(app, 'failure-cancel-meeting');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
