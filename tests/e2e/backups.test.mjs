import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { byName, CLI, openApp, screenshot, startDriver, stopDriver, tempDb } from './harness.mjs';

before(startDriver);
after(stopDriver);

test('the app takes a daily backup on start and lists it', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'members', 'add', '--name', 'Backed Up', '--role', 'ot']);
  const app = await openApp(db);
  try {
    await (await app.$('a=Backups')).click();
    await (await app.$('h1=Backups')).waitForDisplayed({ timeout: 10000 });
    // The day's backup starts once the first screen is up, so it may land just after this screen
    // opened: look again until it is listed.
    await app.waitUntil(
      async () => {
        if (await (await app.$('code*=mdt-daily-')).isExisting()) return true;
        await (await app.$('a=Meetings')).click();
        await (await app.$('a=Backups')).click();
        await (await app.$('h1=Backups')).waitForDisplayed({ timeout: 10000 });
        return (await app.$('code*=mdt-daily-')).isExisting();
      },
      { timeout: 15000, interval: 500, timeoutMsg: 'no daily backup listed' },
    );
    const dir = path.join(path.dirname(db), 'backups');
    assert.ok(readdirSync(dir).some((f) => f.startsWith('mdt-daily-')));
    await screenshot(app, 'backups');
  } finally {
    await app.deleteSession();
  }
});

test('a damaged database is set aside and the newest good backup restored in its place', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'members', 'add', '--name', 'Safe In Backup', '--role', 'splw']);
  execFileSync(CLI, ['--db', db, 'backup', path.join(path.dirname(db), 'backups', 'mdt-daily-2026-11-01.sqlite3')]);
  const damaged = Buffer.from('SQLite format 3\0but the rest of this file was lost in a crash');
  writeFileSync(db, damaged);
  const app = await openApp(db);
  try {
    const restore = await byName(app, 'Restore the backup from Sunday 1 November 2026');
    await app.waitUntil(async () => (await (await app.$('[role="alert"]')).getText()).includes('damaged'), { timeout: 10000 });
    await screenshot(app, 'database-damaged');
    await restore.click();
    await (await app.$('a=Team roster')).click();
    await (await app.$('th=Safe In Backup')).waitForDisplayed({ timeout: 10000 });
    const kept = readdirSync(path.dirname(db)).find((f) => f.includes('damaged'));
    assert.ok(kept, 'the damaged file is kept');
    assert.deepEqual(readFileSync(path.join(path.dirname(db), kept)), damaged);
    assert.ok(existsSync(db));
  } finally {
    await app.deleteSession();
  }
});
