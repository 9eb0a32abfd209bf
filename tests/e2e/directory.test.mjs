// The directory of local services (issue #19), in the real window: a link worker adds a service,
// then slips (a second service without its name: refused beside the box, what was typed kept),
// searches by name, offer and area, leaves for the Meetings screen and comes back with the browser's
// Back, records a referral in a case record picking the service from the directory's suggestions
// (its how-to-refer shown beside the name), exports the directory as CSV, reads the file, and
// imports it back (nothing changes), then a file with a bad row (nothing imported, the line and
// column named).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { addCaseItem, assertAccessible, byName, field, fill, openApp, planMeeting, recordTab, screenshot, seedTeam, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

const WALKERS = 'Riverside Walking Group';
const READERS = 'Quiet Readers Book Club';

/** The names of the entries the Directory screen lists, in order. */
async function listed(app) {
  return app.execute(() => [...document.querySelectorAll('[data-testid="directory-entry"] h2')].map((h) => h.textContent?.trim() ?? ''));
}

async function search(app, words, expected) {
  if (words) {
    await fill(app, 'Search the directory', words);
  } else {
    // Emptied as a person does it, all selected and deleted (WebDriver types no empty text).
    const box = await field(app, 'Search the directory');
    await box.click();
    await app.keys(['Control', 'a']);
    await app.keys(['Backspace']);
  }
  await app.waitUntil(async () => JSON.stringify(await listed(app)) === JSON.stringify(expected), {
    timeout: 10000,
    timeoutMsg: `searching "${words}" lists ${JSON.stringify(expected)}`,
  });
}

/** Gives the Directory screen's file input a file with this text, as choosing it in the file dialog does. */
async function importText(app, name, text) {
  await app.execute(
    (fileName, content) => {
      const input = [...document.querySelectorAll('input[type="file"]')].find((i) => i.closest('label')?.textContent?.includes('Import from CSV'));
      const dt = new DataTransfer();
      dt.items.add(new File([content], fileName, { type: 'text/csv' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    name,
    text,
  );
}

test('the directory: added, a slip kept and fixed, searched, kept across leaving, picked for a referral, exported and imported back', async () => {
  const db = tempDb();
  seedTeam(db);
  const exportDir = tempDir('directory-');
  const app = await openApp(db, ['--export-dir', exportDir]);
  try {
    await (await app.$('a=Directory')).click();
    await (await app.$('h1=Directory of local services')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('h2=No services in the directory yet')).waitForDisplayed({ timeout: 10000 });

    // The first service, every field, checked on a date typed the UK way.
    await (await byName(app, 'Add a service')).click();
    await fill(app, 'Name (required)', WALKERS);
    await fill(app, 'What it offers', 'Gentle hour-long walks on flat paths, with tea after.');
    await fill(app, 'Who it is for', 'Adults getting moving again; walking aids welcome.');
    await fill(app, 'How to refer', 'Turn up at the library steps at 10:00 on Mondays.');
    await fill(app, 'Contact', '01632 960104');
    await fill(app, 'Area it covers', 'Riverside and Old Town');
    await fill(app, 'Last checked (optional)', '01/12/2026');
    await screenshot(app, 'directory-form');
    await (await byName(app, 'Add to the directory')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="directory-announcement"]')) === `${WALKERS} added to the directory.`, { timeout: 10000, timeoutMsg: 'added' });
    assert.deepEqual(await listed(app), [WALKERS]);
    assert.match(await textContent(app, '[data-testid="directory-entry"]'), /Checked 01\/12\/2026/);

    // A slip: the second service without its name. Refused beside the box; what was typed stays.
    await (await byName(app, 'Add a service')).click();
    await fill(app, 'What it offers', 'A monthly book group with tea; large-print copies.');
    await fill(app, 'Area it covers', 'Northgate');
    await (await byName(app, 'Add to the directory')).click();
    await (await app.$("p*=Give the service's name")).waitForDisplayed({ timeout: 10000 });
    assert.equal(await app.execute(() => document.activeElement?.id ?? ''), 'directory-name', 'the cursor is put in the name box');
    assert.equal(await (await field(app, 'What it offers')).getValue(), 'A monthly book group with tea; large-print copies.');
    assert.equal(await (await field(app, 'Area it covers')).getValue(), 'Northgate');
    await screenshot(app, 'directory-name-refused');
    await assertAccessible(app, 'the directory form with a refused name');
    await fill(app, 'Name (required)', READERS);
    await (await byName(app, 'Add to the directory')).click();
    await app.waitUntil(async () => (await listed(app)).length === 2, { timeout: 10000, timeoutMsg: 'the second service is added' });
    assert.deepEqual(await listed(app), [READERS, WALKERS], 'by name');
    // Never checked: marked in words, not by colour alone.
    const readers = await textContent(app, '[data-testid="directory-entry"]');
    assert.ok(readers.includes('Never checked: check it is still right'), readers);
    assert.equal(await textContent(app, '[data-testid="directory-count"]'), '2 services; 1 due a check (never checked, or not for a year or more).');

    // Search by name, by what it offers, by area; and a search that finds nothing.
    await search(app, 'riverside', [WALKERS]);
    await search(app, 'BOOK group', [READERS]);
    await search(app, 'old town', [WALKERS]);
    await search(app, 'bingo', []);
    assert.ok((await textContent(app, '.entries')).includes('No services match “bingo”.'));
    await search(app, '', [READERS, WALKERS]);
    await screenshot(app, 'directory-list');
    await assertAccessible(app, 'the Directory screen');

    // Leave and come back with Back: the list is as it was.
    await (await app.$('a=Meetings')).click();
    await (await app.$('h1=Meetings')).waitForDisplayed({ timeout: 10000 });
    await app.back();
    await (await app.$('h1=Directory of local services')).waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await listed(app)).length === 2, { timeout: 10000, timeoutMsg: 'the directory is listed again after Back' });

    // A referral in a case record, the service picked from the directory's suggestions.
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCaseItem(app, { reference: 'AB-0101', reason: 'Lonely since moving to be near her son', presenter: 'Ade Sample (Social prescribing link worker)' });
    // A second person, with an outside service already involved, taken from the directory.
    await (await byName(app, 'Add a case')).click();
    await fill(app, 'Reference (required)', 'CD-0102');
    await (await field(app, 'Presenter')).selectByVisibleText('Ade Sample (Social prescribing link worker)');
    const pick = await field(app, 'Add one from the directory');
    await pick.click();
    await pick.setValue('Quiet');
    await app.keys(['ArrowDown']);
    await app.keys(['Enter']);
    await app.waitUntil(async () => (await (await field(app, 'Outside services')).getValue()) === READERS, { timeout: 10000, timeoutMsg: 'Enter in the box puts the chosen service on the list, spelt as the directory has it' });
    assert.equal(await pick.getValue(), '', 'the box is ready for another');
    await screenshot(app, 'directory-case-outside-services');
    await (await byName(app, 'Add to agenda')).click();
    await (await app.$('strong=CD-0102')).waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await textContent(app, 'main')).includes(READERS), { timeout: 10000, timeoutMsg: 'the service is named on the meeting page (consent to share not yet recorded)' });

    await (await byName(app, 'Start meeting')).click();
    await recordTab(app);
    for (let i = 0; i < 6 && (await textContent(app, '#current-title')) !== 'AB-0101'; i++) {
      await app.keys(['Alt', 'ArrowRight']);
      await app.pause(300);
    }
    await recordTab(app);
    const panel = await app.$('[data-testid="referrals-panel"]');
    await panel.waitForExist({ timeout: 10000 });
    await panel.scrollIntoView({ block: 'start' });
    await (await byName(app, 'Make a referral')).click();
    await (await field(app, 'From (who is referring)')).selectByVisibleText('Ade Sample (Social prescribing link worker)');
    await (await app.$('//label[contains(., "An outside (non-NHS) service")]/input')).click();
    const service = await field(app, "Service's name");
    const suggestions = await app.execute(() => {
      const input = document.getElementById('referral-new-to');
      const list = input && input.list;
      return list ? [...list.options].map((o) => o.value) : [];
    });
    assert.deepEqual(suggestions, [READERS, WALKERS], 'the directory is offered as suggestions');
    // Typing the start and choosing the suggestion with the keyboard, as a person does.
    await service.click();
    await service.setValue('River');
    await app.keys(['ArrowDown']);
    await app.keys(['Enter']);
    await app.pause(300);
    // ArrowDown opens the suggestions at the first match for "River", Enter takes it.
    const chosen = await service.getValue();
    assert.equal(chosen, WALKERS);
    const details = await app.$('[data-testid="referral-directory-entry"]');
    await details.waitForDisplayed({ timeout: 10000 });
    const said = await textContent(app, '[data-testid="referral-directory-entry"]');
    assert.ok(said.includes('How to refer: Turn up at the library steps at 10:00 on Mondays.') && said.includes('Contact: 01632 960104'), said);
    await (await app.$(`legend*=Does the person agree to share information with ${WALKERS}?`)).waitForDisplayed({ timeout: 5000 });
    await (await app.$('//label[contains(., "Yes, they agree")]/input')).click();
    await fill(app, 'Date made (required)', '02/03/2026');
    await fill(app, "Reason, in the referrer's words", 'Wants to get out of the house and meet people on the flat.');
    await service.scrollIntoView({ block: 'center' });
    await screenshot(app, 'directory-referral-picked');
    await (await byName(app, 'Make the referral')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="referral"] h4')).startsWith(`To ${WALKERS} (outside service), from Ade Sample`), { timeout: 10000, timeoutMsg: 'the referral names the service as the directory spells it' });
    await (await app.$('button=← Leave chair view')).click();

    // Export as CSV (straight into the export folder here, where a person chooses in the save dialog), and read the file.
    await (await app.$('a=Directory')).click();
    await app.waitUntil(async () => (await listed(app)).length === 2, { timeout: 10000, timeoutMsg: 'the directory is listed' });
    await (await byName(app, 'Export as CSV…')).click();
    await (await app.$('[data-testid="export-saved"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await textContent(app, '[data-testid="export-saved"]'), /Directory saved\.\s*File: .*service-directory-\d{4}-\d{2}-\d{2}\.csv/);
    const files = readdirSync(exportDir).filter((n) => /^service-directory-\d{4}-\d{2}-\d{2}\.csv$/.test(n));
    assert.equal(files.length, 1, readdirSync(exportDir).join(', '));
    const csv = readFileSync(path.join(exportDir, files[0]), 'utf8');
    assert.equal(
      csv,
      '\ufeffname,offers,for_whom,how_to_refer,contact,area,last_checked\r\n' +
        `${READERS},A monthly book group with tea; large-print copies.,,,,Northgate,\r\n` +
        `${WALKERS},"Gentle hour-long walks on flat paths, with tea after.",Adults getting moving again; walking aids welcome.,Turn up at the library steps at 10:00 on Mondays.,01632 960104,Riverside and Old Town,01/12/2026\r\n`,
    );
    await screenshot(app, 'directory-exported');

    // Imported back: nothing changes.
    await importText(app, files[0], csv);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="directory-announcement"]')) === `Imported from ${files[0]}: 0 added, 0 updated, 2 already the same.`, { timeout: 10000, timeoutMsg: 'imported back unchanged' });
    assert.deepEqual(await listed(app), [READERS, WALKERS]);

    // A spreadsheet's file with a good row and a bad one: nothing is imported, the line and column named.
    await importText(app, 'from-the-spreadsheet.csv', 'Name;Area;Last checked\r\nOld Town Lunch Club;Old Town;\r\nHillside Memory Café;Hillside;31/02/2026\r\n');
    const problem = await app.$('[data-testid="directory-import-problems"]');
    await problem.waitForDisplayed({ timeout: 10000 });
    const alert = await textContent(app, '[data-testid="directory-import-problems"]');
    assert.ok(alert.startsWith('Nothing was imported.') && alert.includes("line 3, column last_checked: '31/02/2026' is not a date we can read. February 2026 has no day 31."), alert);
    assert.equal(await (await app.$('[data-testid="directory-announcement"]')).isExisting(), false, "the last import's message is gone");
    assert.deepEqual(await listed(app), [READERS, WALKERS], 'the good row was not imported either');
    await screenshot(app, 'directory-import-refused');
  } catch (e) {
    await screenshot(app, 'failure-directory');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
