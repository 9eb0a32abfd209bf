// The supervision log's first slice in the real window (issue #19): the roster says, in words on
// the SPLW's line and in a warning above it, that an SPLW has no supervision recorded, and names
// nobody else; the guidance asks for monthly clinical supervision.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertAccessible, openApp, screenshot, seedTeam, startDriver, stopDriver, tempDb, textContent } from './harness.mjs';

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
