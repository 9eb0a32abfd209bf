// The supervision log's first slice in the real window (issue #19): the roster says, in words on
// the SPLW's line and in a warning above it, that an SPLW has no supervision recorded, and names
// nobody else; the guidance asks for monthly clinical supervision.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCaseItem, assertAccessible, field, fill, openApp, planMeeting, screenshot, seedTeam, startAtCase, startDriver, stopDriver, tempDb, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

/**
 * Plans a meeting with AB-0101, ticks safeguarding in the case record (the case becomes high-risk
 * and the guidance suggests a joint debrief), presses *Take to supervision* and returns what the
 * record then says.
 */
async function takeToSupervision(app) {
  await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
  await addCaseItem(app, { reference: 'AB-0101', reason: 'Neighbour worried about who handles her pension', presenter: 'Ade Sample (Social prescribing link worker)' });
  await startAtCase(app, 'AB-0101', 'save-state');
  await (await app.$('label=Safeguarding')).click();
  const take = await app.$('button=Take to supervision');
  await take.waitForExist({ timeout: 15000 });
  await take.scrollIntoView({ block: 'center' });
  await take.click();
  const said = await app.$('[data-testid="flag-supervision"]');
  await said.waitForExist({ timeout: 10000 });
  return said;
}

test('the roster warns about an SPLW with no supervision recorded, in words', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await (await app.$('a=Team roster')).click();
    await (await app.$('h1=Team roster')).waitForDisplayed({ timeout: 10000 });
    const warning = await app.$('[data-testid="supervision-warning"]');
    await warning.waitForDisplayed({ timeout: 10000 });
    assert.equal(
      (await textContent(app, '[data-testid="supervision-warning"]')).replace(/\s+/g, ' '),
      '⚠ Supervision overdue: Ade Sample has had no clinical supervision for over a month, or none recorded. The guidance asks that social prescribing link workers have it monthly, most often from a GP.',
    );
    const lines = await app.execute(() =>
      [...document.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th')?.textContent?.trim(), tr.querySelector('[data-testid^="supervision-"]')?.textContent?.replace(/\s+/g, ' ').trim()]),
    );
    assert.deepEqual(lines, [
      ['Ade Sample', '⚠ No supervision recorded Supervision log'],
      ['Cal Coordinator', ''],
      ['Dr Gwen Imaginary', ''],
      ['Priya Example', ''],
    ]);
    await screenshot(app, 'supervision-roster');
    await assertAccessible(app, 'the roster with a supervision warning');
  } catch (e) {
    await screenshot(app, 'failure-supervision');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('the team adds OTs to the roles checked for supervision in Settings, and the roster checks the OT too', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await (await app.$('a=Settings')).click();
    const ot = await app.$('//form[@aria-labelledby="supervised-title"]//label[contains(., "Occupational therapist")]/input');
    await ot.waitForExist({ timeout: 10000 });
    await ot.scrollIntoView({ block: 'center' });
    // SPLWs are ticked and cannot be cleared; the OT is not ticked yet (the control).
    const splw = await app.$('//form[@aria-labelledby="supervised-title"]//label[contains(., "Social prescribing link worker")]/input');
    assert.deepEqual([await splw.isSelected(), await splw.isEnabled(), await ot.isSelected()], [true, false, false]);
    await ot.click();
    await (await app.$('button=Save roles to check')).click();
    await app.waitUntil(async () => (await textContent(app, 'form[aria-labelledby="supervised-title"] [role="status"]')).includes('Occupational therapist'), {
      timeout: 10000, timeoutMsg: 'the roles saved',
    });
    await screenshot(app, 'supervision-settings');
    await assertAccessible(app, 'settings with the supervised roles');

    await (await app.$('a=Team roster')).click();
    await (await app.$('[data-testid="supervision-warning"]')).waitForDisplayed({ timeout: 10000 });
    const warning = (await textContent(app, '[data-testid="supervision-warning"]')).replace(/\s+/g, ' ');
    assert.match(warning, /Ade Sample, Priya Example have had no clinical supervision/);
    assert.match(warning, /the team checks the other roles chosen in Settings the same way\./);
    const priya = await app.execute(() =>
      [...document.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')?.textContent?.trim() === 'Priya Example')
        ?.querySelector('[data-testid^="supervision-"]')?.textContent?.replace(/\s+/g, ' ').trim(),
    );
    assert.equal(priya, '⚠ No supervision recorded Supervision log');
  } catch (e) {
    await screenshot(app, 'failure-supervision-settings');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test("the joint debrief suggestion takes the case to the SPLW's supervision, and the roster counts it", async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // A safeguarding concern makes the case high-risk: the guidance suggests a joint debrief.
    const said = await takeToSupervision(app);
    assert.equal(await textContent(app, '[data-testid="flag-supervision"]'), "AB-0101 is on the list for Ade Sample's next supervision.");
    await screenshot(app, 'supervision-taken');
    await (await app.$('button=← Leave chair view')).click();
    await (await app.$('a=Team roster')).click();
    await (await app.$('h1=Team roster')).waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await textContent(app, 'tbody tr:first-child [data-testid^="supervision-"]')).includes('1 case to take to supervision'), {
      timeout: 10000,
      timeoutMsg: "the roster counts the case waiting for Ade's supervision",
    });
  } catch (e) {
    await screenshot(app, 'failure-supervision');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

/** Today and tomorrow as a person types them in the UK (day first). */
function ukDay(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

test('the supervision log: set a supervisor, make mistakes, record a session taking a waiting case, and the warning goes', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // A case waiting for Ade's supervision, from the joint debrief suggestion.
    await takeToSupervision(app);
    await (await app.$('button=← Leave chair view')).click();

    await (await app.$('a=Team roster')).click();
    await (await app.$('[data-testid="supervision-warning"]')).waitForDisplayed({ timeout: 10000 });
    // By keyboard: focus the row's button and press Enter.
    const openLog = await app.$('aria/Supervision log for Ade Sample');
    await openLog.waitForDisplayed({ timeout: 10000 });
    await app.execute((el) => el.focus(), openLog);
    await app.keys('Enter');
    await (await app.$('h2=Supervision for Ade Sample')).waitForDisplayed({ timeout: 10000 });

    // Only clinicians are offered; an OT asks the guidance's conditions in plain words.
    const supervisor = await field(app, 'Supervisor');
    const offered = await app.execute((el) => [...el.options].map((o) => o.textContent.trim()), supervisor);
    assert.deepEqual(offered, ['Choose a clinician…', 'Dr Gwen Imaginary (GP)', 'Priya Example (Occupational therapist)']);
    await supervisor.selectByVisibleText('Priya Example (Occupational therapist)');
    await (await app.$('legend=An occupational therapist as supervisor')).waitForDisplayed({ timeout: 5000 });
    await (await app.$('button=Save supervisor')).click();
    await app.waitUntil(async () => (await textContent(app, '#sv-scopeConfirmed-error')).includes('Confirm that they do for Priya Example, or choose a GP'), {
      timeout: 10000,
      timeoutMsg: 'an OT without the conditions confirmed is refused beside the confirmation',
    });
    await supervisor.selectByVisibleText('Dr Gwen Imaginary (GP)');
    await (await app.$('button=Save supervisor')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="supervision-said"]')) === 'Dr Gwen Imaginary now supervises Ade Sample.', { timeout: 10000 });

    // The case waiting, by its reference and linked to its discussion.
    assert.match(await textContent(app, '[data-testid="waiting-list"]'), /^AB-0101, from Riverside MDT \(Monday 2 March 2026\)$/);

    // Mistake 1: no format chosen. Refused beside the field; the date typed stays.
    await fill(app, 'Date held', ukDay(1));
    await (await app.$('button=Record session')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="format-error"]')).includes('Choose how the session was held'), { timeout: 5000 });
    assert.equal(await (await field(app, 'Date held')).getValue(), ukDay(1));
    // Mistake 2: a day after today. The core refuses it beside the date, which stays as typed.
    await (await app.$('#session-format-case_based')).click();
    await (await app.$('[id^="session-case-"]')).click();
    await (await app.$('button=Record session')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="heldOn-error"]')).includes('That is after today'), {
      timeout: 10000,
      timeoutMsg: 'a session dated after today is refused beside the date',
    });
    assert.equal(await (await field(app, 'Date held')).getValue(), ukDay(1));
    assert.equal(await (await app.$('[id^="session-case-"]')).isSelected(), true, 'the case ticked stays ticked');
    await screenshot(app, 'supervision-refused');

    await fill(app, 'Date held', ukDay(0));
    await (await app.$('button=Record session')).click();
    await (await app.$('[data-testid="sessions"]')).waitForExist({ timeout: 10000 });
    const rows = await app.execute(() => [...document.querySelectorAll('[data-testid="sessions"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].slice(1), ['Case-based', 'Dr Gwen Imaginary', 'AB-0101']);
    assert.ok(await (await app.$('[data-testid="waiting-none"]')).isExisting(), 'the case taken no longer waits');
    await (await app.$('h3=Sessions held')).scrollIntoView({ block: 'start' });
    await screenshot(app, 'supervision-log');
    await assertAccessible(app, 'the supervision log');
    await (await app.$('button=Close')).click();

    // The roster's warning has gone, and Ade's line says when the next is due.
    await app.waitUntil(async () => !(await (await app.$('[data-testid="supervision-warning"]')).isExisting()), { timeout: 10000, timeoutMsg: 'the overdue warning goes' });
    assert.match(await textContent(app, 'tbody tr:first-child [data-testid^="supervision-"]'), /^Last supervision \d\d\/\d\d\/\d{4}; next due by/);

    // Leave and come back: all of it is still there.
    await (await app.$('a=Meetings')).click();
    await (await app.$('h1=Meetings')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('a=Team roster')).click();
    await (await app.$('aria/Supervision log for Ade Sample')).click();
    await (await app.$('[data-testid="sessions"]')).waitForExist({ timeout: 10000 });
    assert.equal(await app.execute(() => document.querySelector('#sv-supervisorId').selectedOptions[0].textContent.trim()), 'Dr Gwen Imaginary (GP)');
    assert.match(await textContent(app, '[data-testid="sessions"] tbody'), /Case-based\s*Dr Gwen Imaginary\s*AB-0101/);
    assert.equal(await textContent(app, 'tbody tr:first-child th'), 'Ade Sample');
    assert.ok(!(await (await app.$('[data-testid="supervision-warning"]')).isExisting()));
  } catch (e) {
    await screenshot(app, 'failure-supervision-log');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
