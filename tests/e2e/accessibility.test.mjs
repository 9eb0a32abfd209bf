// axe-core inside the real window, on every screen and every dialog, on the fictional demo team:
// no serious or critical problem may be found. Problems are gathered across the whole walk and
// listed together, so one run shows everything to fix.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityProblems, byName, fill, openApp, recordTab, screenshot, startDriver, stopDriver, tempDb } from './harness.mjs';

before(startDriver);
after(stopDriver);

test('axe-core finds no serious or critical problem on any screen or dialog', async () => {
  const app = await openApp(tempDb());
  const found = [];
  const checked = [];
  const check = async (where) => {
    checked.push(where);
    for (const p of await accessibilityProblems(app)) found.push(`${where}: ${p}`);
  };
  /** Opens a dialog with the control named `opener`, checks the window with it open, closes it with Escape. */
  const dialog = async (opener, where) => {
    await (typeof opener === 'string' ? await byName(app, opener) : await opener()).click();
    const open = await app.$('dialog[open]');
    await open.waitForDisplayed({ timeout: 10000 });
    await check(`${where} (dialog)`);
    await app.keys('Escape');
    await open.waitForExist({ reverse: true, timeout: 10000 });
  };
  const screen = async (link, heading) => {
    await (await app.$(`a=${link}`)).click();
    await (await app.$(`h1=${heading}`)).waitForDisplayed({ timeout: 10000 });
  };
  try {
    // Positive control: a problem put into the page on purpose is found, so a clean result means something.
    await app.execute(() => {
      const img = document.createElement('img');
      img.id = 'axe-control';
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main').append(img);
    });
    const control = await accessibilityProblems(app);
    assert.ok(control.some((p) => p.startsWith('image-alt (critical)') && p.includes('#axe-control')), `the control is found:\n${control.join('\n')}`);
    await app.execute(() => document.getElementById('axe-control').remove());

    await check('the first screen (empty roster)');
    await (await byName(app, 'Explore with demo data')).click();
    const inProgress = await app.$("//li[.//span[normalize-space()='In progress']]//a");
    await inProgress.waitForDisplayed({ timeout: 60000 });
    await check('Meetings (demo team, who-is-using question)');
    await dialog('Plan a meeting', 'Plan a meeting');
    await dialog(async () => app.$('//footer//button[normalize-space()="Choose"]'), 'Who is using MDT Assistant');

    // A planned meeting and its dialogs.
    await (await app.$("//li[.//span[normalize-space()='Planned']]//a")).click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await check('a planned meeting');
    await dialog('Edit details', 'Meeting details');
    await dialog('Add a case', 'Add a case');
    await dialog('Agenda pack', 'Agenda pack');
    await dialog('Cancel meeting', 'Cancel a meeting');

    // The meeting in progress, the chair view and its panels.
    await screen('Meetings', 'Meetings');
    await (await app.$("//li[.//span[normalize-space()='In progress']]//a")).click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await check('the meeting in progress');
    await (await byName(app, 'Open chair view')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    await check('chair view, attendance');
    await app.keys(['Alt', 'ArrowRight']);
    await recordTab(app);
    await (await app.$('textarea[id$="-situation"]')).waitForDisplayed({ timeout: 10000 });
    await check('chair view, case record');
    const why = await app.$('summary=Why this suggestion');
    await why.scrollIntoView({ block: 'center' });
    await why.click();
    await (await app.$('.lead-guidance details[open]')).waitForExist({ timeout: 5000 });
    await check('chair view, guidance panel open');
    await screenshot(app, 'a11y-chair-guidance');
    await dialog('Changes to this record', 'Changes to this record');
    await app.keys(['Alt', 'p']);
    await browserPause(app);
    await check('presenter view');
    await app.keys(['Alt', 'p']);
    await (await app.$('button=← Leave chair view')).click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await dialog('Finalise minutes', 'Finalise the minutes');
    await dialog('Add another item', 'Add another item');

    // Finalised minutes.
    await screen('Meetings', 'Meetings');
    await (await app.$("//li[.//span[normalize-space()='Finalised minutes']]//a")).click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await check('finalised minutes');
    await dialog('Guidance review', 'Guidance review');
    await dialog('Amend minutes', 'Amend finalised minutes');
    await dialog('Export minutes', 'Export minutes');
    await dialog('Plan next meeting', 'Plan the next meeting');
    await dialog(async () => app.$('button[aria-label^="History of"]'), 'History of a case');
    await (await byName(app, 'Read case records')).click();
    await (await app.$('[data-testid="time-taken"]')).waitForDisplayed({ timeout: 10000 });
    await check('finalised minutes read as a document');
    await (await app.$('button=← Leave chair view')).click();

    await screen('Actions', 'Agreed actions');
    await check('Actions');
    await dialog(async () => app.$('button[aria-label^="Mark done:"]'), 'Mark the action done');
    await dialog(async () => app.$('button[aria-label^="History of:"]'), 'History of an action');

    await screen('Search', 'Search');
    const box = await app.$('input[type="search"]');
    await box.setValue('falls');
    await app.keys('Enter');
    await app.pause(1000);
    await check('Search with results');

    await screen('Team roster', 'Team roster');
    await check('Team roster');
    await dialog('Add member', 'Add a team member');
    await dialog(async () => app.$('button[aria-label^="Remove "]'), 'Remove a member');

    await screen('Settings', 'Settings');
    await check('Settings');

    await screen('Roles', 'Roles');
    await check('Roles');
    await (await app.$('a*=Occupational therapist')).click();
    await dialog("Edit the team's copy", "Edit the team's copy of a role");
    await (await app.$('a=Compare two roles')).click();
    await app.pause(1000);
    await check('Compare two roles');

    await screen('Teach-ins', 'Teach-ins');
    await check('Teach-ins');
    await dialog('Plan a teach-in', 'Plan a teach-in');
    await (await byName(app, 'Plan a teach-in')).click();
    await fill(app, 'Length (minutes) (required)', '30');
    await (await byName(app, 'Draft the agenda')).click();
    await (await app.$('h1*=Teach-in:')).waitForDisplayed({ timeout: 10000 });
    await check('a teach-in plan');
    await dialog('Edit details', 'Teach-in details');
    await dialog('Add a slot', 'Add a slot');

    await (await app.$('a=Backups')).click();
    await (await app.$('h1=Backups')).waitForDisplayed({ timeout: 10000 });
    await check('Backups');
    await dialog(async () => app.$('button[aria-label^="Restore the backup from"]'), 'Restore a backup');
  } catch (e) {
    await screenshot(app, 'a11y-failure');
    throw e;
  } finally {
    if (found.length) console.log(`found so far:\n${found.join('\n')}`);
    await app.deleteSession();
  }
  console.log(`checked ${checked.length} screens and dialogs: ${checked.join('; ')}`);
  assert.deepEqual(found, [], `axe-core found serious or critical problems:\n${found.join('\n')}`);
});

async function browserPause(app) {
  await app.pause(500);
}
