import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { agreeWorkingTogether, byName, CLI, field, fill, openApp, planMeeting, screenshot, seedTeam, startDriver, stopDriver, tempDb, waitSaved, recordTab } from './harness.mjs';

before(startDriver);
after(stopDriver);


/** WebKit can hand back the last painted frame: give it a moment to paint what the test just saw. */
async function snap(app, name) {
  await app.pause(500);
  await screenshot(app, name);
}

async function select(app, label, text) {
  await (await field(app, label)).selectByVisibleText(text);
}

async function textOf(app, selector) {
  return (await app.$(selector)).getText();
}

async function waitForText(app, selector, pattern, message) {
  await app.waitUntil(async () => pattern.test(await textOf(app, selector)), { timeout: 10000, timeoutMsg: message });
}

test('the chair sees a joint suggestion with reasons, records a different lead with a reason, and finalises past an open question', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // The team's escalation contacts.
    await (await app.$('a=Settings')).click();
    await fill(app, 'Duty team', 'Duty desk, 01632 960000');
    await fill(app, 'Warn when this many professionals are involved', '4');
    await (await byName(app, 'Save settings')).click();
    await waitForText(app, '.saved', /Settings saved/, 'settings should save');
    await snap(app, 'guidance-settings');

    // A meeting with one case.
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await (await byName(app, 'Add a case')).click();
    await fill(app, 'Reference (required)', 'AB-0101');
    await fill(app, 'Reason for discussion', 'Lives alone since a hip fracture; has stopped going out');
    await select(app, 'Presenter', 'Priya Example (Occupational therapist)');
    await (await byName(app, 'Add to agenda')).click();
    await (await app.$('strong=AB-0101')).waitForDisplayed({ timeout: 10000 });

    // Chair view: tag a functional need and social isolation.
    await (await byName(app, 'Start meeting')).click();
    await recordTab(app);
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('label=Functional')).click();
    await (await app.$('label=Social isolation')).click();
    await waitForText(app, '[data-testid="suggested-lead"]', /^Joint working: OT and SPLW$/, 'a joint suggestion');
    // The details sit beside "Who leads on what" in the record; the chair sees a compact summary.
    const panel = await app.$('.lead-guidance');
    await (await app.$('summary=Why this suggestion')).click();
    const words = await panel.getText();
    assert.match(words, /Occupational therapist.*Functional assessment/);
    assert.match(words, /Social prescribing link worker.*Community connection/);
    // Issue #14: the OT's lead is said of the OT and the SPLW, and only where the need is complex or risky.
    assert.match(words, /Functional is tagged\..*Of the OT and the SPLW.*regulated clinical work/);
    assert.match(words, /Social isolation is tagged\./);
    assert.match(words, /Working together: shared caseloads \(case example\)/);
    const question = async (code) => (await app.$(`[data-testid="question-${code}"]`)).getProperty('textContent');
    assert.equal(await question('communication'), '! Sharing concerns: not settled', 'the summary shows what is unsettled');
    assert.equal(await question('risk_holder'), '! Clinical risk: not settled');
    await panel.scrollIntoView();
    await snap(app, 'guidance-panel');

    // The team chooses the GP as lead, and says why.
    // Agreed on the person, once: the GP leads and holds clinical risk; urgent contacts are agreed;
    // how concerns are passed on is not.
    await agreeWorkingTogether(app, {
      leads: [['Whole care while she settles', 'Dr Gwen Imaginary (GP)']],
      holders: [['', 'Dr Gwen Imaginary (GP)']],
      emergency: 'Duty GP; 111 out of hours',
    });
    await waitForText(app, '[data-testid="lead-status"]', /no reason given yet/, 'the different lead is noticed');
    await (await byName(app, 'Record a different lead…')).click();
    await fill(app, 'Why the team chose a different lead', 'She trusts Dr Imaginary and declined new workers for now');
    await (await byName(app, 'Save reason')).click();
    await waitForText(app, '[data-testid="lead-status"]', /^Differs from the suggestion, with a reason$/, 'the reason is kept');
    assert.match(await panel.getText(), /Reason: “She trusts Dr Imaginary and declined new workers for now”/);
    assert.match(await textOf(app, '[data-testid="summary-lead-status"]'), /^Differs from the suggestion, with a reason$/, 'the summary agrees');
    const prefix = (await (await app.$('textarea[id$="-situation"]')).getAttribute('id')).replace('-situation', '');
    await app.waitUntil(async () => (await question('risk_holder')) === '✓ Clinical risk: settled', { timeout: 10000, timeoutMsg: 'risk is settled' });
    assert.equal(await question('urgent_contacts'), '✓ Urgent contacts: settled');
    assert.equal(await question('communication'), '! Sharing concerns: not settled', 'only the communication question stays open');
    // The check about the unsettled question sits beside the agreement it is about.
    assert.match(await textOf(app, `//fieldset[@id="${prefix}-leads"]//section[@data-testid="agreement-panel"]/preceding-sibling::ul[1]`), /Not settled: how will concerns be communicated/);
    await snap(app, 'guidance-override');
    await (await byName(app, 'Discussed, next')).click();

    // Before finalising, the review lists the unanswered joint-working question.
    await (await app.$("button=← Leave chair view")).click();
    await (await byName(app, 'Finalise minutes')).click();
    const review = await app.$('[data-testid="finalise-review"]');
    await review.waitForDisplayed({ timeout: 10000 });
    const reviewText = await review.getText();
    assert.match(reviewText, /1 guidance flag is still open/);
    assert.match(reviewText, /AB-0101/);
    assert.match(reviewText, /Not settled: how will concerns be communicated/);
    await snap(app, 'guidance-finalise-review');
    await (await byName(app, 'Finalise anyway')).click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });

    // The override and the reason are kept for the minutes.
    const kept = JSON.parse(execFileSync(CLI, ['--db', db, 'review', '1', '--json'], { encoding: 'utf8' }));
    const c = kept.cases[0];
    assert.equal(c.recordedLead.overrideReason, 'She trusts Dr Imaginary and declined new workers for now');
    assert.equal(c.suggestedLead.summary, 'Joint working: OT and SPLW');
    assert.deepEqual(c.overridden.map((o) => o.code), ['question_communication']);
    await (await byName(app, 'Guidance review')).click();
    await (await app.$('p*=Overridden at finalising')).waitForDisplayed({ timeout: 10000 });
    await snap(app, 'guidance-review-after');
  } catch (e) {
    await screenshot(app, 'failure-guidance');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('at a later meeting the lead recorded last time shows beside the new suggestion', async () => {
  const db = tempDb();
  execFileSync(CLI, ['--db', db, 'demo']);
  const meetings = execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' });
  const inProgress = meetings.split('\n').find((line) => line.includes('in progress'));
  const id = inProgress.trim().split(/\s+/).pop();
  const app = await openApp(db);
  try {
    await app.execute((hash) => (location.hash = hash), `#/meetings/${id}/chair`);
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    const reference = await textOf(app, '#current-title');
    const expected = JSON.parse(execFileSync(CLI, ['--db', db, 'review', id, '--json'], { encoding: 'utf8' }))
      .cases.find((c) => c.reference === reference);
    assert.ok(expected.previousLead, `${reference} was discussed before`);
    await waitForText(app, '[data-testid="suggested-lead"]', new RegExp(`^${expected.suggestedLead.summary}$`), 'the suggestion');
    const panel = await app.$('.lead-guidance');
    const words = await panel.getText();
    assert.match(words, /Lead last time/);
    assert.match(words, /Suggested lead now/);
    for (const lead of expected.previousLead.leads) assert.ok(words.includes(lead.aspect), `last time: ${lead.aspect}`);
    await panel.scrollIntoView();
    await snap(app, 'guidance-previous-lead');
  } catch (e) {
    await screenshot(app, 'failure-guidance-previous');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
