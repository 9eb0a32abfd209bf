// What matters to the person (issue #15, first slice), in the real window: the minute-taker
// records what matters to the person and their goals at the top of the case record (a slip in the
// care plan reference is refused beside its field), the chair's view shows it beside the case,
// a change is in its history, and at the person's next meeting it is there from the start. The
// minutes print it in brief; the PDF is rendered to a PNG to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { addCaseItem, byName, CLI, planAnotherMeeting, field, fill, openApp, planMeeting, screenshot, seedTeam, startAtCase, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

const MATTERS = 'Getting back to her allotment and seeing her grandson on Sundays';
const GOALS = 'Walk to the corner shop by June';
const GOALS_LATER = 'Walk to the corner shop by June; plant potatoes in April';

const addCase = (app) =>
  addCaseItem(app, { reference: 'AB-0101', reason: 'Lives alone since a hip fracture; has stopped going out', presenter: 'Priya Example (Occupational therapist)' });
/** Starts the meeting and moves from matters arising to the case, with its record showing. */
const toTheCase = (app) => startAtCase(app, 'AB-0101', 'person-panel');

async function focusedId(app) {
  return app.execute(() => document.activeElement?.id ?? '');
}

test('what matters to the person is recorded once, shown to the chair, kept with its history and there at the next meeting', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCase(app);
    await toTheCase(app);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="person-panel"] [data-testid="person-blank"]')).startsWith('Not recorded yet.'), { timeout: 10000, timeoutMsg: 'nothing recorded yet, said in words' });
    assert.match(await textContent(app, '[data-testid="person-summary"]'), /What matters to AB-0101\s*Not recorded yet\.$/, 'the chair sees that nothing is recorded');

    await (await byName(app, 'Record what matters')).click();
    assert.match(await focusedId(app), /^person-\d+-whatMatters$/, 'the cursor goes to the first box');
    await fill(app, 'What matters to them, in their own words', MATTERS);
    await fill(app, 'Their goals', GOALS);
    // A slip: the NHS number typed where the plan's reference goes. Refused beside the field.
    await fill(app, 'Personalised care and support plan reference (optional)', '943 476 5919');
    await (await byName(app, 'Save')).click();
    await (await app.$('p*=looks like an NHS number')).waitForDisplayed({ timeout: 10000 });
    assert.match(await focusedId(app), /-carePlanReference$/, 'the cursor is put on the field to fix');
    assert.equal(await (await field(app, 'Their goals')).getValue(), GOALS, 'what was typed stays');
    await fill(app, 'Personalised care and support plan reference (optional)', 'PCSP-2026-014');
    await (await byName(app, 'Save')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="person-panel"] .said')).includes('PCSP-2026-014'), { timeout: 10000, timeoutMsg: 'saved and shown' });
    const panel = await textContent(app, '[data-testid="person-panel"]');
    assert.ok(panel.includes(MATTERS) && panel.includes(GOALS), panel);
    assert.match(panel, /Last changed by .+, \d{1,2} \w{3} 2026/);
    const summary = await textContent(app, '[data-testid="person-summary"]');
    assert.ok(summary.includes(MATTERS) && summary.includes(GOALS), `the chair's view shows it too: ${summary}`);
    // Each line of the chair's summary shows, inside its panel (a long one is cut short, not run off).
    const lines = await app.execute(() => {
      const box = document.querySelector('[data-testid="person-summary"]').getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid="person-summary"] .brief')].map((p) => {
        const r = p.getBoundingClientRect();
        return { text: p.textContent.slice(0, 8), shown: r.height > 10, inside: r.right <= box.right + 1 && p.scrollHeight <= p.clientHeight + 1 };
      });
    });
    assert.deepEqual(lines, [
      { text: 'Matters:', shown: true, inside: true },
      { text: 'Goals: W', shown: true, inside: true },
    ]);
    assert.match(summary, /Care and support plan PCSP-2026-014/);
    await screenshot(app, 'person-recorded');
    // On a 1280×800 laptop the chair still sees "Up next" without scrolling.
    await app.setWindowSize(1280, 800);
    await app.pause(500);
    const [upNextBottom, paneBottom] = await app.execute(() => [
      document.querySelector('.up-next-title').getBoundingClientRect().bottom,
      document.querySelector('.now-content').getBoundingClientRect().bottom,
    ]);
    assert.ok(upNextBottom <= paneBottom, `"Up next" is on screen at 1280×800 (${upNextBottom} ≤ ${paneBottom})`);
    await screenshot(app, 'person-1280');
    await app.setWindowSize(1400, 900);

    // A change, and its history: who changed what.
    await (await byName(app, 'Edit')).click();
    await fill(app, 'Their goals', GOALS_LATER);
    await (await byName(app, 'Save')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="person-summary"]')).includes('plant potatoes'), { timeout: 10000, timeoutMsg: 'the chair sees the change' });
    await (await byName(app, 'Changes')).click();
    const dialog = await app.$('dialog[open]');
    await dialog.waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await dialog.getText()).includes('goals:'), { timeout: 10000, timeoutMsg: 'the history lists the change' });
    const history = await dialog.getText();
    assert.match(history, /Changed by .+\n?goals: Walk to the corner shop by June\s*(→|changed to)?\s*Walk to the corner shop by June; plant potatoes in April/);
    assert.match(history, /Created by /);
    await screenshot(app, 'person-history');
    await (await byName(app, 'Close')).click();
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();

    // The next meeting, the same person: what matters is there from the start.
    await planAnotherMeeting(app, 'Riverside MDT fortnight', '16/03/2026');
    await addCase(app);
    await toTheCase(app);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="person-panel"]')).includes(GOALS_LATER), { timeout: 10000, timeoutMsg: 'carried to the next meeting' });
    assert.ok((await textContent(app, '[data-testid="person-summary"]')).includes(MATTERS));
    await screenshot(app, 'person-next-meeting');
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();

    // The minutes of the second meeting print it in brief, under the case.
    const pdf = path.join(tempDir('person'), 'minutes.pdf');
    execFileSync(CLI, ['--db', db, 'minutes', '2', '-o', pdf]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /What matters to the person/);
    assert.match(text.replace(/\s+/g, ' '), /What matters to them Getting back to her allotment/);
    assert.match(text, /PCSP-2026-014/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.resolve(import.meta.dirname, '../../target/e2e-screenshots/person-minutes')]);
  } catch (e) {
    await screenshot(app, 'failure-person');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
