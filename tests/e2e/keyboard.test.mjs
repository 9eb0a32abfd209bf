// A meeting run from the keyboard alone: planned, a case added, started, the case recorded, marked
// discussed and the minutes finalised, with every key sent as a WebDriver key action (no click, no
// value set by script). At every stop the focused control must show its focus ring, and the
// finalise dialog must keep focus inside while open and give it back to its button when closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { CLI, openApp, screenshot, seedTeam, startDriver, stopDriver, tempDb } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** What has focus: its name (label, aria-label or text), whether its focus ring shows, whether it is in an open dialog. */
async function focused(app) {
  const json = await app.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return JSON.stringify({ name: '(nothing)', ring: false, inDialog: false });
    const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
    const style = getComputedStyle(el);
    const ring = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const name = squash(el.labels?.[0]?.textContent) || squash(el.getAttribute('aria-label')) || squash(el.textContent);
    return JSON.stringify({ name, ring, inDialog: !!el.closest('dialog[open]') });
  });
  return JSON.parse(json);
}

/** Presses Tab (or Shift+Tab) until the focused control's name starts with `name`, checking the focus ring at each stop. */
async function tabTo(app, name, { back = false, max = 80 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await app.keys(back ? ['Shift', 'Tab'] : ['Tab']);
    const f = await focused(app);
    seen.push(f.name);
    if (f.name !== '(nothing)') assert.ok(f.ring, `the focus ring shows on "${f.name}"`);
    if (f.name.startsWith(name)) return f;
  }
  throw new Error(`"${name}" not reached with ${back ? 'Shift+Tab' : 'Tab'}; focus went through: ${seen.join(' | ')}`);
}

/** Types text into the focused control, each character pressed and released in turn (so "00" is two presses). */
async function type(app, text) {
  const keys = app.action('key');
  for (const c of text) keys.down(c).up(c);
  await keys.perform();
}

const text = (app, selector) => app.execute((s) => document.querySelector(s)?.textContent ?? '', selector);

test('a chair runs a meeting from planning to finalised minutes with the keyboard alone', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // Plan the meeting, dated today so that it can be finalised.
    await tabTo(app, 'Meetings');
    await app.keys('Enter');
    await tabTo(app, 'Plan a meeting');
    await app.keys('Enter');
    await app.waitUntil(async () => (await focused(app)).inDialog, { timeout: 10000, timeoutMsg: 'focus moves into the dialog' });
    let f = await focused(app);
    assert.match(f.name, /^Title/, 'the first field has focus');
    // The title comes filled in ("Neighbourhood MDT"): select it all, then type over it.
    await app.keys(['Control', 'a']);
    await type(app, 'Keyboard MDT');
    await tabTo(app, 'Team or series');
    await type(app, 'Keyboard team');
    await tabTo(app, 'Date');
    await type(app, 'today');
    await tabTo(app, 'Create meeting');
    await app.keys('Enter');
    await app.waitUntil(async () => (await text(app, 'h1')) === 'Keyboard MDT', { timeout: 10000, timeoutMsg: 'the meeting page opens' });

    // A case on the agenda.
    await tabTo(app, 'Add a case');
    await app.keys('Enter');
    await app.waitUntil(async () => (await focused(app)).inDialog, { timeout: 10000 });
    f = await focused(app);
    assert.match(f.name, /^Reference/);
    await type(app, 'KB-0001');
    await tabTo(app, 'Reason for discussion');
    await type(app, 'Lives alone, two falls since summer');
    await tabTo(app, 'Add to agenda');
    await app.keys('Enter');
    await app.waitUntil(async () => (await text(app, 'main')).includes('KB-0001'), { timeout: 10000, timeoutMsg: 'the case is on the agenda' });
    await screenshot(app, 'keyboard-agenda');

    // Run it: start, move to the case, write the record, mark it discussed.
    await tabTo(app, 'Start meeting');
    await app.keys('Enter');
    await app.waitUntil(async () => (await text(app, '#current-title')) !== '', { timeout: 10000, timeoutMsg: 'the chair view opens' });
    for (let i = 0; i < 5 && (await text(app, '#current-title')) !== 'KB-0001'; i++) {
      await app.keys(['Alt', 'ArrowRight']);
      await app.pause(300);
    }
    assert.equal(await text(app, '#current-title'), 'KB-0001');
    await tabTo(app, 'Case record');
    await app.keys('Enter');
    await tabTo(app, 'Situation and background');
    await type(app, 'Typed without a mouse.');
    await app.waitUntil(async () => /^Saved at/.test(await text(app, '[data-testid="save-state"]')), { timeout: 15000, timeoutMsg: 'the record saves' });
    await screenshot(app, 'keyboard-chair');
    await app.keys(['Alt', 'd']);
    await app.waitUntil(async () => (await text(app, 'main')).includes('Discussed'), { timeout: 10000 });
    await tabTo(app, '← Leave chair view', { back: true });
    await app.keys('Enter');
    await app.waitUntil(async () => (await text(app, 'h1')) === 'Keyboard MDT', { timeout: 10000, timeoutMsg: 'back on the meeting page' });

    // Finalise: the dialog keeps focus inside, in both directions, and gives it back when closed.
    const opener = await tabTo(app, 'Finalise minutes');
    await app.keys('Enter');
    await app.waitUntil(async () => (await focused(app)).inDialog, { timeout: 10000, timeoutMsg: 'focus moves into the finalise dialog' });
    const stops = new Set();
    for (let i = 0; i < 25; i++) {
      await app.keys(['Tab']);
      f = await focused(app);
      assert.ok(f.inDialog, `Tab ${i + 1} stays in the dialog; it reached "${f.name}"`);
      assert.ok(f.ring, `the focus ring shows on "${f.name}"`);
      stops.add(f.name);
    }
    for (let i = 0; i < 25; i++) {
      await app.keys(['Shift', 'Tab']);
      f = await focused(app);
      assert.ok(f.inDialog, `Shift+Tab ${i + 1} stays in the dialog; it reached "${f.name}"`);
    }
    assert.ok(stops.size >= 2, `Tab moves between the dialog's controls: ${[...stops].join(' | ')}`);
    await screenshot(app, 'keyboard-finalise-dialog');
    await app.keys('Escape');
    await app.waitUntil(async () => !(await app.execute(() => !!document.querySelector('dialog[open]'))), { timeout: 5000 });
    f = await focused(app);
    assert.equal(f.name, opener.name, 'closing the dialog gives focus back to the button that opened it');
    assert.ok(f.ring, 'with its focus ring');

    await app.keys('Enter');
    await app.waitUntil(async () => (await focused(app)).inDialog, { timeout: 10000 });
    await tabTo(app, 'Finalise');
    const finalise = await focused(app);
    assert.match(finalise.name, /^Finalise/);
    await app.keys('Enter');
    await app.waitUntil(async () => (await text(app, 'main')).includes('Finalised minutes'), { timeout: 15000, timeoutMsg: 'the minutes are finalised' });
    await screenshot(app, 'keyboard-finalised');
  } catch (e) {
    await screenshot(app, 'keyboard-failure');
    throw e;
  } finally {
    await app.deleteSession();
  }

  // Read back from the database: finalised, with the words typed.
  const meetings = execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' });
  assert.match(meetings, /Keyboard MDT/);
  const id = /(\d+)\s*$/m.exec(meetings.split('\n').find((l) => l.includes('Keyboard MDT')))[1];
  const bundle = JSON.parse(execFileSync(CLI, ['--db', db, 'export', id], { encoding: 'utf8' }));
  assert.equal(bundle.meeting.status, 'finalised');
  const item = bundle.meeting.agenda.find((a) => a.caseReference === 'KB-0001' || a.case?.reference === 'KB-0001' || JSON.stringify(a).includes('KB-0001'));
  assert.ok(item, 'the case is in the exported meeting');
  assert.match(JSON.stringify(item), /Typed without a mouse\./);
  assert.match(JSON.stringify(item), /Lives alone, two falls since summer/);
});
