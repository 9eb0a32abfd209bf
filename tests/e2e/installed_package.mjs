// The installed Debian package, started as a user would start it: run by `make test-package`
// after `apt-get install ./mdt-assistant_….deb`, never by `npm test` (its name does not end in
// .test.mjs, so the rest of the suite runs without the package installed).
//
// It checks what the package put on the machine (the program, the menu entry and its icon, all
// owned by the package) and that the installed program opens its first screen through WebDriver,
// on a fresh database, with the UI embedded in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { APP, openApp, screenshot, startDriver, stopDriver, tempDb, textContent } from './harness.mjs';

const PACKAGE = 'mdt-assistant';
const INSTALLED = '/usr/bin/mdt-desktop';

before(startDriver);
after(stopDriver);

/** The package that owns a file, as dpkg records it. */
const owner = (file) => execFileSync('dpkg-query', ['-S', file], { encoding: 'utf8' }).split(':')[0];

test('the package installs the program, a menu entry and its icon', () => {
  assert.equal(APP, INSTALLED, 'MDT_APP must name the installed program, not the build folder');
  const status = execFileSync('dpkg-query', ['-W', '-f=${Status} ${Version}', PACKAGE], { encoding: 'utf8' });
  const cargoVersion = /^version = "(.+)"$/m.exec(readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8'))[1];
  assert.equal(status, `install ok installed ${cargoVersion}`, 'installed, at the workspace version');
  assert.equal(owner(INSTALLED), PACKAGE);

  const depends = execFileSync('dpkg-query', ['-W', '-f=${Depends}', PACKAGE], { encoding: 'utf8' });
  assert.match(depends, /\blibwebkit2gtk-4\.1-0\b/);
  assert.match(depends, /\blibgtk-3-0\b/);
  // Every library the program links is found on the machine (ldd says "not found" otherwise).
  const ldd = execFileSync('ldd', [INSTALLED], { encoding: 'utf8' });
  assert.match(ldd, /libwebkit2gtk-4\.1\.so/, 'positive control: ldd lists WebKitGTK');
  assert.doesNotMatch(ldd, /not found/);

  const entries = readdirSync('/usr/share/applications').filter((f) => f.endsWith('.desktop'));
  const ours = entries.filter((f) => owner(path.join('/usr/share/applications', f)) === PACKAGE);
  assert.equal(ours.length, 1, `one menu entry from the package; found ${ours.join(', ')}`);
  const entry = readFileSync(path.join('/usr/share/applications', ours[0]), 'utf8');
  assert.match(entry, /^Name=MDT Assistant$/m);
  assert.match(entry, /^Exec=mdt-desktop$/m);
  assert.match(entry, /^Terminal=false$/m);
  const icon = /^Icon=(.+)$/m.exec(entry)[1];
  for (const size of ['32x32', '128x128', '256x256']) {
    const file = `/usr/share/icons/hicolor/${size}/apps/${icon}.png`;
    assert.ok(existsSync(file), `icon ${file}`);
    assert.equal(owner(file), PACKAGE);
  }
});

test('the installed program opens its first screen', async () => {
  const app = await openApp(tempDb());
  try {
    assert.equal(await app.getTitle(), 'MDT Assistant');
    // A fresh database: the first screen is the welcome on an empty roster.
    assert.match(await textContent(app, 'main h1'), /\S/);
    assert.match(await textContent(app, 'main'), /Add my team/);
    await screenshot(app, 'installed-package-first-screen');
  } finally {
    await app.deleteSession();
  }
});
