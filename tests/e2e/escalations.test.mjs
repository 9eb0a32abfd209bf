// Escalations have an end and dismissals stay dismissed (issue #14, classes 7 and 8), in the real
// window: the chair closes an escalation and dismisses a check at one meeting; at the person's
// next meeting the closed escalation shows as closed and the check is still dismissed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { byName, CLI, field, fill, openApp, planMeeting, recordTab, screenshot, seedTeam, startDriver, stopDriver, tempDb, textContent, waitSaved } from './harness.mjs';

before(startDriver);
after(stopDriver);

const FLAG = 'Not settled: how will concerns be communicated';
const REASON = 'Agreed by phone: the SPLW rings the OT after each visit';

async function snap(app, name) {
  await app.pause(500);
  await screenshot(app, name);
}

async function addCase(app) {
  await (await byName(app, 'Add a case')).click();
  await fill(app, 'Reference (required)', 'AB-0101');
  await fill(app, 'Reason for discussion', 'Lives alone since a hip fracture; has stopped going out');
  await (await field(app, 'Presenter')).selectByVisibleText('Priya Example (Occupational therapist)');
  await (await byName(app, 'Add to agenda')).click();
  await (await app.$('strong=AB-0101')).waitForDisplayed({ timeout: 10000 });
}

/** Starts the meeting on screen and opens the case record with the two needs that make the OT and SPLW both involved. */
async function openRecord(app, { pastMattersArising = false } = {}) {
  await (await byName(app, 'Start meeting')).click();
  await recordTab(app);
  await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
  if (pastMattersArising) {
    await app.keys(['Alt', 'ArrowRight']);
    await app.waitUntil(async () => (await textContent(app, '#current-title')) === 'AB-0101', { timeout: 10000, timeoutMsg: 'the case is on screen' });
    await recordTab(app);
  }
  await (await app.$('label=Functional')).click();
  await (await app.$('label=Social isolation')).click();
  await app.waitUntil(async () => (await textContent(app, '[data-testid="suggested-lead"]')) === 'Joint working: OT and SPLW', { timeout: 10000 });
}

async function focused(app) {
  return app.execute(() => document.activeElement?.id ?? '');
}

test('an escalation closed and a check dismissed at one meeting show as closed and still dismissed at the next', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // Meeting 1: an escalation to the GP, recorded, then closed as de-escalated.
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCase(app);
    await openRecord(app);
    await (await byName(app, 'Record an escalation')).click();
    await (await app.$('[aria-label="Reason for escalation 1"]')).selectByVisibleText('Deterioration in health');
    await (await app.$('[aria-label="Route for escalation 1"]')).setValue('GP');
    await (await app.$('[aria-label="Who was informed, escalation 1"]')).setValue('Dr Gwen Imaginary');
    await waitSaved(app);
    const close = await byName(app, 'Close escalation: Deterioration in health via GP; Dr Gwen Imaginary informed');
    await app.waitUntil(async () => (await textContent(app, '[data-testid="escalation-state"] .word')) === 'Open', { timeout: 10000, timeoutMsg: 'the escalation shows as open' });
    await close.scrollIntoView({ block: 'center' });
    await close.click();
    // A person's slips: no outcome, and a month-first date. Each is said beside its field.
    await (await byName(app, 'Close escalation')).click();
    await (await app.$('p*=Say how the escalation ended')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('label=De-escalated')).click();
    await (await field(app, 'Closed by')).selectByVisibleText('Dr Gwen Imaginary (GP)');
    await fill(app, 'Closed on', '03/16/2026');
    await fill(app, 'Why is it closed? (what was resolved, or who holds it now)', 'Breathing settled after the inhaler review');
    await (await byName(app, 'Close escalation')).click();
    await app.waitUntil(async () => /is not a date we can read/.test(await textContent(app, '[data-testid="escalation-states"]')), { timeout: 10000, timeoutMsg: 'the month-first date is refused' });
    await fill(app, 'Closed on', '02/03/2026');
    await (await byName(app, 'Close escalation')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="escalation-closure"]')).includes('De-escalated on Monday 2 March 2026 by Dr Gwen Imaginary'), { timeout: 10000, timeoutMsg: 'the closure shows' });
    assert.equal(await textContent(app, '[data-testid="escalation-state"] .word'), 'Closed', 'closed, in words');
    assert.match(await textContent(app, '[data-testid="summary-closed-escalation"]'), /Closed escalation: Deterioration in health, de-escalated 2 Mar 2026/);
    await (await app.$('[data-testid="escalation-states"]')).scrollIntoView({ block: 'center' });
    await snap(app, 'escalation-closed');

    // Dismiss the unsettled communication check by keyboard: the button, the reason, Enter.
    const dismiss = await byName(app, `Dismiss: ${FLAG}`);
    await dismiss.scrollIntoView({ block: 'center' });
    await dismiss.click();
    const reasonId = await focused(app);
    assert.match(reasonId, /-reason$/, 'the cursor goes to the reason');
    await app.keys(['Enter']);
    await (await app.$('p*=Say why this flag does not apply')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await focused(app), reasonId, 'and stays there until a reason is given');
    // Typed into the focused field (WebKitWebDriver drops characters sent as separate key presses).
    await (await app.$(`#${reasonId}`)).setValue(REASON);
    await app.keys(['Enter']);
    await (await app.$('[data-testid="dismissed-flag"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await textContent(app, '[data-testid="dismissed-flag"]'), new RegExp(`Dismissed ${FLAG}\\.\\s*Dismissed at this discussion on .* by .*: ${REASON}`));
    assert.equal(await (await app.$(`aria/Dismiss: ${FLAG}`)).isExisting(), false, 'no longer shown as open');
    await (await app.$('[data-testid="dismissed-flags"]')).scrollIntoView({ block: 'center' });
    await snap(app, 'flag-dismissed');
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();

    // Meeting 2, a fortnight later, the same person.
    await (await app.$('a=Meetings')).click();
    const plan = await byName(app, 'Plan a meeting');
    await plan.waitForEnabled({ timeout: 10000 });
    await app.pause(300);
    await plan.click();
    await fill(app, 'Title (required)', 'Riverside MDT fortnight');
    await fill(app, 'Team or series (required)', 'Riverside Neighbourhood MDT');
    await fill(app, 'Date (required)', '16/03/2026');
    await fill(app, 'Start time', '13:00');
    await (await byName(app, 'Create meeting')).click();
    await (await app.$('h1=Riverside MDT fortnight')).waitForDisplayed({ timeout: 10000 });
    await addCase(app);
    await openRecord(app, { pastMattersArising: true });
    await app.waitUntil(async () => (await app.$('[data-testid="dismissed-flag"]')).isExisting(), { timeout: 10000, timeoutMsg: 'the check is still dismissed' });
    assert.match(await textContent(app, '[data-testid="dismissed-flag"]'), new RegExp(`${FLAG}\\.\\s*Dismissed at Riverside MDT \\(2 Mar 2026\\) on .*: ${REASON}`));
    assert.equal(await (await app.$(`aria/Dismiss: ${FLAG}`)).isExisting(), false, 'not shown as open again');
    assert.match(await textContent(app, '[data-testid="summary-dismissed"]'), /^1 check dismissed for this person/);
    const state = await textContent(app, '[data-testid="escalation-state"]');
    assert.match(state, /^Closed Deterioration in health via GP; Dr Gwen Imaginary informed\.\s*Raised at Riverside MDT, Monday 2 March 2026\./);
    assert.match(state, /Closed: De-escalated on Monday 2 March 2026 by Dr Gwen Imaginary: Breathing settled after the inhaler review/);
    assert.match(await textContent(app, '[data-testid="summary-closed-escalation"]'), /Closed escalation: Deterioration in health/);
    assert.equal(await textContent(app, '[data-testid="question-communication"]'), '– Sharing concerns: not settled; the check is dismissed for this person');
    await snap(app, 'next-meeting-summary');
    await (await app.$('[data-testid="dismissed-flags"]')).scrollIntoView({ block: 'start' });
    await snap(app, 'next-meeting-dismissed');
    await (await app.$('[data-testid="escalation-states"]')).scrollIntoView({ block: 'center' });
    await snap(app, 'next-meeting-escalation');

    // The review as `mdt review --json` gives it agrees.
    const review = JSON.parse(execFileSync(CLI, ['--db', db, 'review', '2', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(review.cases[0].dismissed.map((d) => d.dismissal.reason), [REASON]);
    assert.equal(review.cases[0].escalationStates[0].closure.outcome, 'de_escalated');

    // Meeting 1 finalised: the dismissed check is not finalised past, and the minutes read as a
    // document still say the escalation is closed and the check dismissed.
    await (await app.$('button=← Leave chair view')).click();
    await app.execute(() => (location.hash = '#/meetings/1'));
    await (await byName(app, 'Finalise minutes')).click();
    await (await app.$('[data-testid="finalise-review"]')).waitForDisplayed({ timeout: 10000 });
    assert.doesNotMatch(await (await app.$('[data-testid="finalise-review"]')).getText(), new RegExp(FLAG), 'a dismissed check is not open');
    await (await byName(app, 'Finalise anyway')).click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });
    const kept = JSON.parse(execFileSync(CLI, ['--db', db, 'review', '1', '--json'], { encoding: 'utf8' }));
    assert.ok(kept.cases[0].overridden.length > 0, 'positive control: open checks were finalised past');
    assert.ok(!kept.cases[0].overridden.some((o) => o.code === 'question_communication'), 'the dismissed one was not');
    await app.execute(() => (location.hash = '#/meetings/1/chair'));
    await recordTab(app);
    await (await app.$('[data-testid="escalation-state"]')).waitForExist({ timeout: 10000 });
    assert.match(await textContent(app, '[data-testid="escalation-state"]'), /^Closed Deterioration in health via GP/);
    assert.match(await textContent(app, '[data-testid="dismissed-flag"]'), new RegExp(`${FLAG}\\.\\s*Dismissed at this discussion`));
    assert.equal(await (await app.$('aria/Undo dismissal: ' + FLAG)).isExisting(), false, 'read only');
    await (await app.$('[data-testid="escalation-states"]')).scrollIntoView({ block: 'center' });
    await snap(app, 'finalised-document');
  } catch (e) {
    await screenshot(app, 'failure-escalations');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
