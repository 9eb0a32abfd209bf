import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { APP, byName, fill, openApp, screenshot, seedTeam, startDriver, stopDriver, tempDb, visible } from './harness.mjs';

before(startDriver);
after(stopDriver);

async function addMember(browser, { name, role, organisation = '', email = '' }) {
  await (await byName(browser, 'Add member')).click();
  await fill(browser, 'Name (required)', name);
  await (await browser.$('#member-roleKey')).selectByVisibleText(role);
  if (organisation) await fill(browser, 'Organisation', organisation);
  if (email) await fill(browser, 'Email', email);
}

async function openRoster(db) {
  const app = await openApp(db);
  await (await app.$('a=Team roster')).click();
  await (await app.$('h1=Team roster')).waitForDisplayed({ timeout: 10000 });
  return app;
}

test('a user adds, edits and removes members, sees errors, and finds the roster after a restart', async () => {
  const db = tempDb();
  let app = await openRoster(db);
  try {
    assert.ok(await visible(app, 'h2=No one on the roster yet'));
    await screenshot(app, 'roster-empty');

    await addMember(app, { name: 'Priya Example', role: 'Occupational therapist', email: 'priya.example@nhs.test' });
    await (await app.$('#member-core')).click();
    await screenshot(app, 'member-form');
    await (await byName(app, 'Add to roster')).click();
    const row = await app.$('th=Priya Example');
    await row.waitForDisplayed({ timeout: 10000 });

    await addMember(app, { name: 'Ade Sample', role: 'Social prescribing link worker', organisation: 'Riverside PCN' });
    await (await byName(app, 'Add to roster')).click();
    await (await app.$('th=Ade Sample')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await app.$('.summary')).getText(), '2 members, 1 core');

    // Edit: the change shows in the list.
    await (await byName(app, 'Edit Priya Example')).click();
    await fill(app, 'Organisation', 'Hilltop Surgery');
    await (await byName(app, 'Save changes')).click();
    await (await app.$('td=Hilltop Surgery')).waitForDisplayed({ timeout: 10000 });

    // An invalid email is refused with the reason next to the field; nothing changes.
    await (await byName(app, 'Edit Priya Example')).click();
    await fill(app, 'Email', 'priya at hilltop');
    await (await byName(app, 'Save changes')).click();
    const problem = await app.$('#member-email-error');
    await problem.waitForDisplayed({ timeout: 10000 });
    assert.match(await problem.getText(), /does not look like an email address/);
    assert.equal(await (await app.$('#member-email')).getAttribute('aria-invalid'), 'true');
    await screenshot(app, 'member-form-error');
    await (await byName(app, 'Cancel')).click();
    assert.ok(await visible(app, 'div=priya.example@nhs.test'), 'old email kept');

    // Remove a member who appears in no record.
    await (await byName(app, 'Remove Ade Sample')).click();
    await screenshot(app, 'member-remove');
    await (await byName(app, 'Remove from roster')).click();
    await (await app.$('th=Ade Sample')).waitForDisplayed({ reverse: true, timeout: 10000 });
    await screenshot(app, 'roster');
  } finally {
    await app.deleteSession();
  }

  // Restart on the same database: the roster is still there.
  app = await openRoster(db);
  try {
    await (await app.$('th=Priya Example')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await visible(app, 'td=Hilltop Surgery'));
    assert.equal(await (await app.$('.summary')).getText(), '1 member, 1 core');
    assert.equal(await (await app.$('[data-testid="db-path"]')).getText(), db);
  } finally {
    await app.deleteSession();
  }
});

test('a database written by a newer version is refused with a clear message and left alone', async () => {
  const db = tempDb();
  execFileSync('python3', ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(db)}); c.execute("PRAGMA user_version = 99"); c.close()`]);
  const app = await openApp(db);
  try {
    const alert = await app.$('[role="alert"]');
    await alert.waitForDisplayed({ timeout: 10000 });
    assert.match(await alert.getText(), /could not be opened/);
    assert.match(await alert.getText(), /newer version of MDT Assistant/);
    await screenshot(app, 'database-too-new');
  } finally {
    await app.deleteSession();
  }
});

test('a second launch on the same database hands over to the first; another database opens its own window', async () => {
  const db = tempDb();
  const app = await openApp(db);
  const exited = (child, ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
    });
  try {
    const second = spawn(APP, ['--db', db], { stdio: 'ignore' });
    assert.equal(await exited(second, 20000), 0, 'the second launch should hand over and exit');

    const other = spawn(APP, ['--db', tempDb()], { stdio: 'ignore' });
    const code = await exited(other, 5000);
    other.kill();
    assert.equal(code, null, 'an app on another database keeps running');
    assert.ok(await visible(app, 'main h1'), 'the first window is still there');
  } finally {
    await app.deleteSession();
  }
});

test('a member who leaves is listed apart, no longer offered when planning, and comes back', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openRoster(db);
  try {
    await (await app.$('th=Priya Example')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await app.$('.summary')).getText(), '4 members, 4 core');
    await (await byName(app, 'Priya Example has left the team')).click();
    const day = await app.$('#member-leftOn');
    await day.waitForDisplayed({ timeout: 10000 });
    assert.equal(await day.getValue(), 'today');
    // A day to come is refused beside the field, and nothing changes.
    await day.setValue('01/01/2099');
    await (await byName(app, 'Mark as left')).click();
    await app.waitUntil(async () => (await day.getAttribute('aria-invalid')) === 'true', { timeout: 10000, timeoutMsg: 'the future day refused' });
    assert.match(await (await app.$('dialog')).getText(), /01\/01\/2099 is still to come/);
    await screenshot(app, 'member-left-refused');
    await day.setValue('30/11/2026');
    await (await byName(app, 'Mark as left')).click();
    const leavers = await app.$('[data-testid="leavers"]');
    await leavers.waitForDisplayed({ timeout: 10000 });
    assert.match(await leavers.getText(), /Priya Example\s*Occupational therapist\s*Monday 30 November 2026\s*Back in the team/);
    assert.equal(await (await app.$('.summary')).getText(), '3 members, 3 core; 1 who has left');
    await screenshot(app, 'roster-with-leaver');

    // Planning a meeting: she is neither offered as chair nor expected; the others are (the control).
    await (await app.$('a=Meetings')).click();
    const plan = await byName(app, 'Plan a meeting');
    await plan.waitForEnabled({ timeout: 10000 });
    await plan.click();
    const chairs = await app.execute(() => [...document.querySelectorAll('#meeting-chairId option')].map((o) => o.textContent.trim()));
    assert.ok(chairs.includes('Ade Sample (Social prescribing link worker)'), chairs.join('; '));
    assert.ok(!chairs.some((c) => c.startsWith('Priya Example')), chairs.join('; '));
    const attendees = await app.execute(() => document.querySelector('.attendees').textContent);
    assert.match(attendees, /Ade Sample/);
    assert.doesNotMatch(attendees, /Priya Example/);
    await (await byName(app, 'Cancel')).click();

    // Back in the team: offered again.
    await (await app.$('a=Team roster')).click();
    await (await byName(app, 'Priya Example is back in the team')).click();
    await (await app.$('[data-testid="leavers"]')).waitForDisplayed({ reverse: true, timeout: 10000 });
    assert.equal(await (await app.$('.summary')).getText(), '4 members, 4 core');
  } finally {
    await app.deleteSession();
  }
});
