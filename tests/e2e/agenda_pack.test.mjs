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
