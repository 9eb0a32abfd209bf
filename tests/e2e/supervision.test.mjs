// The supervision log's first slice in the real window (issue #19): the roster says, in words on
// the SPLW's line and in a warning above it, that an SPLW has no supervision recorded, and names
// nobody else; the guidance asks for monthly clinical supervision.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCaseItem, assertAccessible, openApp, planMeeting, screenshot, seedTeam, startAtCase, startDriver, stopDriver, tempDb, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

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
      [...document.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th')?.textContent?.trim(), tr.querySelector('[data-testid^="supervision-"]')?.textContent?.trim()]),
    );
    assert.deepEqual(lines, [
      ['Ade Sample', '⚠ No supervision recorded'],
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

test("the joint debrief suggestion takes the case to the SPLW's supervision, and the roster counts it", async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCaseItem(app, { reference: 'AB-0101', reason: 'Neighbour worried about who handles her pension', presenter: 'Ade Sample (Social prescribing link worker)' });
    await startAtCase(app, 'AB-0101', 'save-state');
    // A safeguarding concern makes the case high-risk: the guidance suggests a joint debrief.
    await (await app.$('label=Safeguarding')).click();
    const take = await app.$('button=Take to supervision');
    await take.waitForExist({ timeout: 15000 });
    await take.scrollIntoView({ block: 'center' });
    await take.click();
    const said = await app.$('[data-testid="flag-supervision"]');
    await said.waitForExist({ timeout: 10000 });
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
