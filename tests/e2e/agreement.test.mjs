// The joint-working agreement (issue #15), in the real window: agreed once at the person's first
// discussion (with clinical risk split between a GP and an outside clinician), then at the next
// meeting shown for the team to confirm as still right rather than asked again. A change without
// a reason is refused beside the reason box and nothing is lost; with the reason it is saved,
// survives leaving the case and coming back, and each meeting's minutes say what it did.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  addCaseItem,
  agreeWorkingTogether,
  byName,
  CLI,
  openApp,
  planAnotherMeeting,
  planMeeting,
  recordTab,
  screenshot,
  seedTeam,
  startAtCase,
  startDriver,
  stopDriver,
  tempDb,
  tempDir,
  textContent,
} from './harness.mjs';

before(startDriver);
after(stopDriver);

const addCase = (app, { withSplw = false } = {}) =>
  addCaseItem(app, {
    reference: 'AB-0101',
    reason: 'Lives alone since a hip fracture; low mood',
    presenter: 'Priya Example (Occupational therapist)',
    // The OT and the SPLW present the shared case together.
    presentingWith: withSplw ? ['Ade Sample'] : [],
  });
const toTheCase = (app) => startAtCase(app, 'AB-0101', 'agreement-panel');

const status = (app) => textContent(app, '[data-testid="agreement-status"]');
const panel = (app) => textContent(app, '[data-testid="agreement-panel"]');

function minutesText(db, meetingId) {
  const pdf = path.join(tempDir('agreement'), `minutes-${meetingId}.pdf`);
  execFileSync(CLI, ['--db', db, 'minutes', String(meetingId), '-o', pdf]);
  return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ') };
}

test('the agreement is answered once, confirmed at the next meeting, and changed only with a reason', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // First discussion: nothing agreed yet, said in words; agreed through the panel.
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCase(app, { withSplw: true });
    assert.match(await textContent(app, '//li[.//strong[normalize-space()="AB-0101"]]'), /presented by Priya Example and Ade Sample/, 'the agenda names both presenters');
    await toTheCase(app);
    assert.match(await textContent(app, '.now-content'), /Presented by Priya Example and Ade Sample/, 'so does the chair view');
    await app.waitUntil(async () => (await status(app)) === 'Not agreed yet.', { timeout: 10000, timeoutMsg: 'nothing agreed yet' });
    await agreeWorkingTogether(app, {
      leads: [['Home safety and equipment', 'Priya Example (Occupational therapist)'], ['Lunch club', 'Ade Sample (Social prescribing link worker)']],
      holders: [['Falls', 'Dr Gwen Imaginary (GP)'], ['Mood', { name: 'Dr Sam Imaginary', service: 'Vale community mental health team' }]],
      concerns: 'Ade phones Priya the same day about any new fall.',
      emergency: 'Falls response team; NHS 111 out of hours',
    });
    assert.match(await status(app), /^✓\s*Agreed at this discussion by /);
    const agreed = await panel(app);
    assert.ok(agreed.includes('Mood: Dr Sam Imaginary, Vale community mental health team (outside the team)'), agreed);
    assert.ok(agreed.includes('Falls: Dr Gwen Imaginary (GP)'), agreed);
    await screenshot(app, 'agreement-agreed');
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();
    await (await byName(app, 'Finalise minutes')).click();
    const finalise = await app.$('//dialog[@open]//button[normalize-space()="Finalise anyway" or normalize-space()="Finalise minutes"]');
    await finalise.waitForDisplayed({ timeout: 10000 });
    await finalise.click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });

    // The next meeting, typed the UK way: the agreement is shown for confirmation, not asked again.
    await planAnotherMeeting(app, 'Riverside MDT fortnight', '16/03/2026');
    await addCase(app);
    await toTheCase(app);
    await app.waitUntil(async () => (await status(app)) === 'Last agreed at Riverside MDT on 2 Mar 2026. Still right?', {
      timeout: 10000,
      timeoutMsg: 'asked whether it is still right',
    });
    assert.ok((await panel(app)).includes('Home safety and equipment: Priya Example (Occupational therapist)'));
    assert.equal(await (await app.$('[aria-label="Aspect 1"]')).isExisting(), false, 'not asked again: no empty form');
    await screenshot(app, 'agreement-still-right');
    await (await byName(app, 'Still right')).click();
    await app.waitUntil(async () => /^✓\s*Confirmed as still right at this discussion by /.test(await status(app)), { timeout: 10000, timeoutMsg: 'confirmed' });
    assert.equal(await app.execute(() => document.activeElement?.getAttribute('data-testid')), 'agreement-status', 'focus goes to what happened');

    // A change: the OT steps back. Saved without a reason: refused beside the reason box.
    await (await byName(app, 'Change the agreement…')).click();
    await (await byName(app, 'Remove lead 1')).click();
    await (await byName(app, 'Save agreement')).click();
    await (await app.$('p*=Say why the agreement changes')).waitForDisplayed({ timeout: 10000 });
    assert.match(await app.execute(() => document.activeElement?.id ?? ''), /-reason$/, 'the cursor is on the reason');
    assert.equal(await (await app.$('[aria-label="Aspect 1"]')).getValue(), 'Lunch club', 'the change is still on screen');
    await (await app.$('//label[starts-with(normalize-space(), "Why it changes")]/following-sibling::textarea[1]')).setValue('Home is safe now; the OT has stepped back');
    await (await byName(app, 'Save agreement')).click();
    await app.waitUntil(async () => /Changed at this discussion by .+, because: Home is safe now; the OT has stepped back/.test(await status(app)), { timeout: 10000, timeoutMsg: 'changed' });

    // Leave the case and come back: the change is there.
    await app.keys(['Alt', 'ArrowLeft']);
    await app.waitUntil(async () => (await textContent(app, '#current-title')) !== 'AB-0101', { timeout: 10000, timeoutMsg: 'left the case' });
    await app.keys(['Alt', 'ArrowRight']);
    await app.waitUntil(async () => (await textContent(app, '#current-title')) === 'AB-0101', { timeout: 10000, timeoutMsg: 'back on the case' });
    await recordTab(app);
    await app.waitUntil(async () => /because: Home is safe now/.test(await status(app)), { timeout: 10000, timeoutMsg: 'the change is kept' });
    const now = await panel(app);
    assert.ok(!now.includes('Home safety and equipment') && now.includes('Lunch club: Ade Sample'), now);
    await screenshot(app, 'agreement-changed');
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();

    // Each meeting's minutes say what its discussion did with the agreement.
    const first = minutesText(db, 1);
    assert.match(first.text, /Joint-working agreement Agreed at this discussion\./);
    assert.match(first.text, /Home safety and equipment: Priya Example/);
    assert.match(first.text, /Mood: Dr Sam Imaginary, Vale community mental health team \(outside the team\)/);
    const second = minutesText(db, 2);
    assert.match(second.text, /Changed at this discussion, because: Home is safe now; the OT has stepped back/);
    assert.ok(!second.text.includes('Home safety and equipment'), 'the second minutes show the agreement as changed');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', second.pdf, path.resolve(import.meta.dirname, '../../target/e2e-screenshots/agreement-minutes')]);
  } catch (e) {
    await screenshot(app, 'failure-agreement');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
