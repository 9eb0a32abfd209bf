import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { agreeWorkingTogether, textContent, byName, field, fill, openApp, planMeeting, screenshot, seedTeam, startDriver, stopDriver, tempDb, texts, visible, waitSaved, recordTab } from './harness.mjs';

before(startDriver);
after(stopDriver);


async function select(app, label, text) {
  await (await field(app, label)).selectByVisibleText(text);
}

async function addCase(app, reference, reason, presenter) {
  await (await byName(app, 'Add a case')).click();
  await fill(app, 'Reference (required)', reference);
  await fill(app, 'Reason for discussion', reason);
  await select(app, 'Presenter', presenter);
  await fill(app, 'Time allowed (minutes)', '10');
  await (await byName(app, 'Add to agenda')).click();
  await (await app.$(`strong=${reference}`)).waitForDisplayed({ timeout: 10000 });
}

test('a chair plans, runs and finalises a meeting, and open work carries to the next one', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    // Plan.
    await planMeeting(app, { minutes: 60, chair: 'Dr Gwen Imaginary (GP)', minuteTaker: 'Cal Coordinator (Care coordinator)' });

    await addCase(app, 'AB-0101', 'Low stamina and anxiety after a long illness; wants to get back to work', 'Priya Example (Occupational therapist)');
    await addCase(app, 'CD-0202', 'Isolated since bereavement; struggling with bills', 'Ade Sample (Social prescribing link worker)');
    await addCase(app, 'EF-0303', 'Falls at home, lives alone', 'Dr Gwen Imaginary (GP)');
    await screenshot(app, 'meeting-plan');

    // Reorder with the keyboard-reachable buttons.
    await (await byName(app, 'Move EF-0303 up')).click();
    await app.waitUntil(async () => (await texts(app, '.item .label')).join() === 'AB-0101,EF-0303,CD-0202', {
      timeout: 5000,
      timeoutMsg: 'EF-0303 should move above CD-0202',
    });

    // Chair.
    await (await byName(app, 'Start meeting')).click();
    await recordTab(app);
    const countdown = await app.$('[data-testid="countdown"]');
    await countdown.waitForDisplayed({ timeout: 10000 });
    assert.match(await countdown.getText(), /\d+:\d\d/);
    assert.equal(await (await app.$('#current-title')).getText(), 'AB-0101');
    await (await byName(app, 'Next')).click();
    await app.waitUntil(async () => (await (await app.$('#current-title')).getText()) === 'EF-0303', { timeout: 5000 });
    await app.keys(['Alt', 'ArrowLeft']);
    await app.waitUntil(async () => (await (await app.$('#current-title')).getText()) === 'AB-0101', { timeout: 5000 });

    // Record the discussion of AB-0101.
    const item = await app.$('textarea[id$="-situation"]');
    const prefix = (await item.getAttribute('id')).replace('-situation', '');
    await item.setValue('Recovering from a long-term condition; unemployed for some years.');
    await (await app.$('label=Functional')).click();
    await (await app.$('label=Social isolation')).click();
    await agreeWorkingTogether(app, { leads: [['Graded activity programme', 'Priya Example (Occupational therapist)']] });
    await (await byName(app, 'Record an escalation')).click();
    await (await app.$('[aria-label="Reason for escalation 1"]')).selectByVisibleText('Deterioration in health');
    await (await app.$('[aria-label="Route for escalation 1"]')).setValue('GP');
    await (await app.$(`#${prefix}-decision`)).setValue('OT and SPLW to co-design a graded return to activity.');
    await (await app.$(`#${prefix}-decisionOwnerId`)).selectByVisibleText('Priya Example (Occupational therapist)');
    for (const [description, owner, due] of [
      ['Book a joint visit with the SPLW', 'Priya Example', '06/03/2026'],
      ['Find a volunteering taster session', 'Ade Sample', '20 Mar 2099'],
    ]) {
      await (await byName(app, 'New action')).setValue(description);
      await (await byName(app, 'Action owner')).selectByVisibleText(owner);
      await (await byName(app, 'Action due date')).setValue(due);
      await (await byName(app, 'Add action')).click();
      await (await app.$(`li*=${description}`)).waitForDisplayed({ timeout: 10000 });
    }
    await waitSaved(app);
    await screenshot(app, 'chair');
    // The draft's history shows the spell of editing in progress, with what was typed.
    await (await byName(app, 'Changes to this record')).click();
    await (await app.$('strong=Being edited now (draft, saved as typed)')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await visible(app, 'li*=Recovering from a long-term condition'), 'the history shows the value as last saved');
    await screenshot(app, 'discussion-history');
    await (await app.$('//dialog//button[normalize-space()="Close"]')).click();

    await (await byName(app, 'Discussed, next')).click();
    await app.waitUntil(async () => (await (await app.$('#current-title')).getText()) === 'EF-0303', { timeout: 5000 });
    await app.keys(['Alt', 'd']);
    await app.waitUntil(async () => (await (await app.$('#current-title')).getText()) === 'CD-0202', { timeout: 5000 });

    // Finalise: CD-0202 was not reached.
    await (await app.$("button=← Leave chair view")).click();
    await (await byName(app, 'Finalise minutes')).click();
    await (await app.$('dialog button.primary')).click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await visible(app, 'span=Listed, not discussed'));
    assert.ok(await visible(app, 'div*=OT and SPLW to co-design'), 'the decision shows in the minutes');

    // Actions view.
    await (await app.$('a=Actions')).click();
    await (await app.$('td*=Book a joint visit')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await visible(app, 'span=Overdue'));
    await screenshot(app, 'actions');
    await (await byName(app, 'History of: Book a joint visit with the SPLW')).click();
    await (await app.$('strong=Created')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'action-history');
    await (await byName(app, 'Close')).click();
    await (await byName(app, 'Mark done: Find a volunteering taster session')).click();
    await (await byName(app, 'Mark done')).click();
    await (await app.$('td*=Find a volunteering')).waitForDisplayed({ reverse: true, timeout: 10000 });

    // Next meeting: matters arising and the case not reached.
    await (await app.$('a*=Riverside MDT, 2 Mar 2026')).click();
    await (await byName(app, 'Plan next meeting')).click();
    // Dates as people write them; the day understood is said in words beside the field.
    await fill(app, 'Date (required)', '16/03/2026');
    await app.waitUntil(async () => (await textContent(app, '[data-testid="small-startsAt-reading"]')).includes('Monday 16 March 2026'), { timeout: 10000 });
    await fill(app, 'Start time', '13:00');
    await (await byName(app, 'Plan meeting')).click();
    await (await app.$('p*=Monday 16 March 2026')).waitForDisplayed({ timeout: 10000 });
    assert.deepEqual(await texts(app, '.item .label'), ['Matters arising', 'CD-0202']);
    assert.ok(await visible(app, 'li*=Book a joint visit with the SPLW'), 'open action arises');
    assert.ok(!(await (await app.$('li*=Find a volunteering taster')).isExisting()), 'done action does not');
    await screenshot(app, 'next-meeting');
  } catch (e) {
    await screenshot(app, 'failure-meeting');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
