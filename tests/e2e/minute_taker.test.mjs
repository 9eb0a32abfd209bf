// A minute-taker's hour, as people really work: a six-case meeting typed through with the
// keyboard, going back to earlier cases, leaving the chair view and coming back, dates typed
// the UK way (and one typed wrong), and someone else saving the same record meanwhile. At the
// end the database must hold every word typed: read back with `mdt export`, not from the screen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import path from 'node:path';
import { after, before, test } from 'node:test';
import { byName, CLI, openApp, planMeeting, screenshot, seedTeam, startDriver, stopDriver, tempDb, waitSaved, tempDir } from './harness.mjs';

before(startDriver);
after(stopDriver);

const CASES = [
  ['AB-0101', 'Three falls in a month; lives alone', 'Priya Example'],
  ['CD-0202', 'Isolated since a bereavement; struggling with bills', 'Ade Sample'],
  ['EF-0303', 'Hoarding; fire risk reported by a neighbour', 'Priya Example'],
  ['GH-0404', 'Frequent calls to the surgery; anxious', 'Dr Gwen Imaginary'],
  ['IJ-0505', 'Carer strain; husband has dementia', 'Ade Sample'],
  ['KL-0606', 'Wants to return to volunteering after a stroke', 'Priya Example'],
];

async function title(app) {
  return (await app.$('#current-title')).getText();
}

async function onCase(app, reference) {
  await app.waitUntil(async () => (await title(app)) === reference, { timeout: 10000, timeoutMsg: `the chair view should show ${reference}` });
  const situation = await app.$('textarea[id$="-situation"]');
  await situation.waitForDisplayed({ timeout: 10000 });
  return situation;
}

/** An element's words, whether or not the record is scrolled to show them. */
async function words(app, selector) {
  return ((await (await app.$(selector)).getProperty('textContent')) ?? '').trim();
}

/** The save state's words, whether or not the record is scrolled to show them. */
async function saveState(app) {
  return ((await (await app.$('[data-testid="save-state"]')).getProperty('textContent')) ?? '').trim();
}

async function saved(app) {
  await waitSaved(app);
}

/** The record's own field for this part, e.g. `#d12-decision`. */
async function part(app, name) {
  const id = await (await app.$('textarea[id$="-situation"]')).getAttribute('id');
  return app.$(`#${id.replace('-situation', `-${name}`)}`);
}

async function itemId(app) {
  return Number((await (await app.$('textarea[id$="-situation"]')).getAttribute('id')).replace(/^d(\d+)-situation$/, '$1'));
}

/** Another window (or later a colleague on the team database) calling the app's own commands. */
async function elsewhere(app, command, args) {
  return app.execute(
    (command, args) =>
      window.__TAURI_INTERNALS__.invoke(command, args).then(
        (value) => ({ ok: true, value }),
        (refusal) => ({ ok: false, refusal }),
      ),
    command,
    args,
  );
}

function exported(db) {
  const bundle = JSON.parse(execFileSync(CLI, ['--db', db, 'export', '1'], { encoding: 'utf8' }));
  return Object.fromEntries(bundle.meeting.agenda.filter((i) => i.kind === 'case').map((i) => [i.reference, i]));
}

test("a minute-taker's hour: six cases by keyboard, back and forth, out and in, a wrong date and a second writer, and the database holds every word", async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  await app.setWindowSize(1366, 768);
  const typed = {};
  try {
    await planMeeting(app, { minutes: 60, chair: 'Dr Gwen Imaginary (GP)', minuteTaker: 'Cal Coordinator (Care coordinator)' });
    const csv = path.join(tempDir('csv-'), 'cases.csv');
    writeFileSync(csv, ['reference,reason,presenter,minutes', ...CASES.map(([r, why, who]) => `${r},"${why}",${who},8`)].join('\n'));
    execFileSync(CLI, ['--db', db, 'import-cases', '1', csv]);
    await (await app.$('a=← All meetings')).click();
    await (await app.$('a*=Riverside MDT')).click();
    await (await app.$('strong=AB-0101')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await (await app.$('strong=KL-0606')).isExisting(), 'all six cases imported');

    // Starting the meeting begins with attendance.
    await (await byName(app, 'Start meeting')).click();
    await app.waitUntil(async () => (await (await app.$('button[role="tab"][aria-selected="true"]')).getText()).startsWith('Attendance'), {
      timeout: 10000,
      timeoutMsg: 'a meeting just started opens on its attendance',
    });
    for (const name of ['Dr Gwen Imaginary', 'Priya Example', 'Ade Sample', 'Cal Coordinator']) {
      await (await byName(app, `Attendance of ${name}`)).selectByVisibleText('Present');
      await app.waitUntil(async () => (await (await app.$(`[aria-label="Attendance of ${name}"]`)).getValue()) === 'present', { timeout: 10000 });
    }
    await (await app.$('//button[@role="tab" and normalize-space()="Case record"]')).click();

    // Case 1.
    let situation = await onCase(app, 'AB-0101');
    typed['AB-0101'] = { situation: 'Lives alone; three falls since October.', decision: 'OT home visit for a falls assessment.' };
    await situation.setValue(typed['AB-0101'].situation);
    await (await app.$('label=Functional')).click();
    await (await part(app, 'decision')).setValue(typed['AB-0101'].decision);
    await saved(app);
    await screenshot(app, 'minute-taker-1366-case-1');
    await app.keys(['Alt', 'ArrowRight']);

    // Case 2: a review date typed the UK way, read back in words.
    situation = await onCase(app, 'CD-0202');
    typed['CD-0202'] = { situation: 'Widowed in the spring; bills unopened.', decision: 'SPLW to arrange a benefits check.', review: '2026-12-15' };
    await situation.setValue(typed['CD-0202'].situation);
    await (await part(app, 'decision')).setValue(typed['CD-0202'].decision);
    await (await part(app, 'nextReviewDate')).setValue('15/12/2026');
    await app.waitUntil(async () => (await words(app, '[data-testid$="-nextReviewDate-reading"]')).includes('Tuesday 15 December 2026'), {
      timeout: 10000,
      timeoutMsg: 'the date should be read back in words',
    });
    await saved(app);

    // Back to case 1: it shows what was saved, and more typed there is kept (the stale-copy bug).
    await app.keys(['Alt', 'ArrowLeft']);
    situation = await onCase(app, 'AB-0101');
    assert.equal(await situation.getValue(), typed['AB-0101'].situation, 'revisiting shows the saved record, not the copy from when the view opened');
    await situation.addValue(' Daughter visits on Sundays.');
    typed['AB-0101'].situation += ' Daughter visits on Sundays.';
    await saved(app);
    await app.keys(['Alt', 'ArrowRight']);
    situation = await onCase(app, 'CD-0202');
    assert.equal(await situation.getValue(), typed['CD-0202'].situation);
    assert.equal(await (await part(app, 'nextReviewDate')).getValue(), '15/12/2026', 'a stored date shows day first');
    await app.keys(['Alt', 'ArrowRight']);

    // Case 3: a date that cannot be read is marked at its field, the rest saves, and leaving says so.
    situation = await onCase(app, 'EF-0303');
    typed['EF-0303'] = { situation: 'Neighbour reports hoarding and a blocked stairway.', decision: 'Refer to the fire service for a home safety visit.', review: '2026-11-30' };
    await situation.setValue(typed['EF-0303'].situation);
    await (await part(app, 'decision')).setValue(typed['EF-0303'].decision);
    await (await part(app, 'nextReviewDate')).setValue('31/11/2026');
    const reading = () => words(app, '[data-testid$="-nextReviewDate-reading"]');
    let shown = '';
    await app
      .waitUntil(async () => /November 2026 has no day 31\. Not saved\./.test((shown = await reading())), { timeout: 10000 })
      .catch(() => assert.fail(`the bad date is marked at its field; it shows: ${shown}`));
    assert.equal(await (await part(app, 'nextReviewDate')).getAttribute('aria-invalid'), 'true');
    await app.waitUntil(async () => /^Saved at .*, except: Next review date$/.test(await saveState(app)), { timeout: 10000 });
    const midway = exported(db)['EF-0303'].discussion;
    assert.equal(midway.situation, typed['EF-0303'].situation, 'the rest of the record saved despite the bad date');
    assert.equal(midway.nextReviewDate, null);
    await screenshot(app, 'minute-taker-1366-bad-date');
    await app.keys(['Alt', 'ArrowRight']);
    const warning = await app.$('h2=Not everything in this record is saved');
    await warning.waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('dialog')).getText(), /Next review date: '31\/11\/2026' is not a date we can read\. November 2026 has no day 31\. It is not saved\./);
    await screenshot(app, 'minute-taker-1366-leave-warning');
    await (await byName(app, 'Stay and fix it')).click();
    await warning.waitForDisplayed({ reverse: true, timeout: 10000 });
    assert.equal(await title(app), 'EF-0303', 'staying keeps the case on screen');
    assert.equal(await (await part(app, 'nextReviewDate')).getValue(), '31/11/2026', 'what was typed is still there');
    assert.equal(await app.execute(() => document.activeElement?.id), await (await part(app, 'nextReviewDate')).getAttribute('id'), 'the cursor is put in the field to fix');
    await (await part(app, 'nextReviewDate')).setValue('30.11.2026');
    await app.waitUntil(async () => (await reading()).includes('Monday 30 November 2026'), { timeout: 10000 });
    await saved(app);
    await app.keys(['Alt', 'ArrowRight']);

    // Case 4: an action due "15 Dec 2026".
    situation = await onCase(app, 'GH-0404');
    assert.equal(await (await app.$$('dialog[open]')).length, 0, 'no warning once everything is saved');
    typed['GH-0404'] = { situation: 'Eleven calls to reception in a month.', decision: 'HIU lead to review with the GP.' };
    await situation.setValue(typed['GH-0404'].situation);
    await (await part(app, 'decision')).setValue(typed['GH-0404'].decision);
    await (await byName(app, 'New action')).setValue('Book a joint review with the GP');
    await (await byName(app, 'Action owner')).selectByVisibleText('Dr Gwen Imaginary');
    await (await app.$('input[id^="action-due-"]')).setValue('15 Dec 2026');
    await app.waitUntil(async () => (await words(app, '[data-testid^="action-due-"]')).includes('Tuesday 15 December 2026'), { timeout: 10000 });
    await (await byName(app, 'Add action')).click();
    await (await app.$('li*=Book a joint review with the GP')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('li*=Book a joint review with the GP')).getText(), /due 15 Dec 2026/);
    await saved(app);

    // Leave the chair view and come back: every record opens as saved.
    await (await byName(app, '← Leave chair view')).click();
    await (await byName(app, 'Open chair view')).click();
    for (const [reference] of CASES.slice(0, 4)) {
      situation = await onCase(app, reference);
      assert.equal(await situation.getValue(), typed[reference].situation, `${reference} opens as saved`);
      assert.equal(await (await part(app, 'decision')).getValue(), typed[reference].decision);
      await app.keys(['Alt', 'ArrowRight']);
    }

    // Case 5: someone else saves the same record while the minute-taker types.
    situation = await onCase(app, 'IJ-0505');
    const item = await itemId(app);
    const other = await elsewhere(app, 'open_discussion', { itemId: item });
    assert.equal(other.value.version, 0);
    const theirs = { ...other.value.record, situation: 'Other window: husband now in respite care.', doneSoFar: 'Other window: carers assessment booked.' };
    const theirSave = await elsewhere(app, 'save_discussion', { itemId: item, basedOn: 0, record: theirs });
    assert.ok(theirSave.ok, JSON.stringify(theirSave));
    assert.equal(theirSave.value.version, 1);
    // A save based on the version before theirs is refused by the core, and changes nothing.
    const stale = await elsewhere(app, 'save_discussion', { itemId: item, basedOn: 0, record: { ...theirs, situation: 'Stale copy' } });
    assert.deepEqual([stale.ok, stale.refusal.code, stale.refusal.field], [false, "conflict", "version"]);

    typed['IJ-0505'] = { situation: 'Minute-taker: wife is the main carer.', decision: 'SPLW to refer to the carers centre.' };
    await situation.setValue(typed['IJ-0505'].situation);
    await (await app.$('div[role="group"][aria-label="Choose what to keep: Situation and background"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('.notice.merge')).getText(), /saved this record while you were typing/);
    assert.equal(await (await part(app, 'doneSoFar')).getValue(), 'Other window: carers assessment booked.', 'their change to another part comes onto the screen');
    assert.equal(await situation.getValue(), typed['IJ-0505'].situation, 'my text stays in the field');
    assert.equal(exported(db)['IJ-0505'].discussion.situation, 'Other window: husband now in respite care.', 'theirs is not overwritten before I choose');
    await screenshot(app, 'minute-taker-1366-conflict');
    await (await byName(app, 'Keep both, to edit into one')).click();
    typed['IJ-0505'].situation = `Other window: husband now in respite care.\n\n${typed['IJ-0505'].situation}`;
    await app.waitUntil(async () => (await situation.getValue()) === typed['IJ-0505'].situation, { timeout: 10000 });
    await (await part(app, 'decision')).setValue(typed['IJ-0505'].decision);
    await saved(app);
    await (await app.$('.notice.merge button')).click();
    await app.keys(['Alt', 'ArrowRight']);

    // Case 6, and the last one is marked discussed.
    situation = await onCase(app, 'KL-0606');
    typed['KL-0606'] = { situation: 'Stroke in June; keen to volunteer at the library again.', decision: 'OT to assess fatigue; SPLW to contact the volunteer centre.' };
    await situation.setValue(typed['KL-0606'].situation);
    await (await part(app, 'decision')).setValue(typed['KL-0606'].decision);
    await app.keys(['Alt', 'd']);
    await saved(app);
    await (await byName(app, '← Leave chair view')).click();
    await (await byName(app, 'Finalise minutes')).waitForDisplayed({ timeout: 10000 });

    // The database holds everything typed.
    const records = exported(db);
    for (const [reference] of CASES) {
      const d = records[reference].discussion;
      assert.equal(d.situation, typed[reference].situation, `${reference} situation`);
      assert.equal(d.decision, typed[reference].decision, `${reference} decision`);
      assert.equal(d.nextReviewDate, typed[reference].review ?? null, `${reference} review date`);
    }
    assert.deepEqual(records['AB-0101'].discussion.needs, ['functional']);
    assert.equal(records['IJ-0505'].discussion.doneSoFar, 'Other window: carers assessment booked.');
    assert.deepEqual(records['GH-0404'].actions.map((a) => [a.description, a.dueDate]), [['Book a joint review with the GP', '2026-12-15']]);
    assert.equal(records['KL-0606'].outcome, 'discussed');
  } catch (e) {
    await screenshot(app, 'failure-minute-taker');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
