import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { byName, field, fill, openApp, planMeeting, screenshot, startDriver, stopDriver, tempDb, texts, visible, recordTab } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** The computer's user name as the system's account database gives it (no USER needed). */
const computerUser = os.userInfo().username;

const statusBar = async (app) => (await app.$('[data-testid="current-user"]')).getText();
const prompt = 'strong=Who is using MDT Assistant?';

async function addMember(app, name, role, { core = false } = {}) {
  await (await byName(app, 'Add member')).click();
  await fill(app, 'Name (required)', name);
  await (await app.$('#member-roleKey')).selectByVisibleText(role);
  if (core) await (await app.$('#member-core')).click();
  await (await byName(app, 'Add to roster')).click();
  await (await app.$(`th=${name}`)).waitForDisplayed({ timeout: 10000 });
}

/** A name in the "Who is using MDT Assistant?" list. */
const nameIn = (app, name) => app.$(`//dialog//button[normalize-space()="${name}"]`);

/** The status bar's button, then a name: two clicks. */
async function switchTo(app, name) {
  const change = await app.$('[data-testid="current-user"] button');
  await change.click();
  await (await nameIn(app, name)).click();
  await app.waitUntil(async () => (await statusBar(app)).startsWith(`You: ${name}`), {
    timeout: 10000,
    timeoutMsg: `the status bar should name ${name}: ${await statusBar(app)}`,
  });
}

async function waitSaved(app) {
  await app.waitUntil(async () => (await (await app.$('.save-state')).getText()).startsWith('Saved at'), { timeout: 10000 });
}

test('on first start the person adds the team, says who they are, and their name is on what they do; a switch takes two clicks', async () => {
  const db = tempDb();
  let app = await openApp(db);
  try {
    // An empty database: planning waits for a team, and says so next to the button.
    const plan = await byName(app, 'Plan a meeting');
    assert.equal(await plan.isEnabled(), false);
    const why = await app.$('p=Add your team first: a meeting needs a chair.');
    assert.ok(await why.isDisplayed());
    assert.equal(await plan.getAttribute('aria-describedby'), await why.getAttribute('id'));
    assert.ok(!(await (await app.$(prompt)).isExisting()), 'nobody to choose from yet, so no question');
    assert.match(await statusBar(app), new RegExp(`not chosen \\(changes are recorded as “${computerUser}”\\)`));
    assert.doesNotMatch(await statusBar(app), /unknown/);
    await screenshot(app, 'who-empty-start');

    // "Add my team" opens the form for the first person straight away.
    await (await app.$('a=Add my team')).click();
    await (await app.$('h2=Add a team member')).waitForDisplayed({ timeout: 10000 });
    await fill(app, 'Name (required)', 'Priya Example');
    await (await app.$('#member-roleKey')).selectByVisibleText('Occupational therapist');
    await (await app.$('#member-core')).click();
    await (await byName(app, 'Add to roster')).click();
    await (await app.$('th=Priya Example')).waitForDisplayed({ timeout: 10000 });

    // The roster has someone now: the app asks who is using it, without getting in the way.
    await (await app.$(prompt)).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('.who-prompt')).getText(), new RegExp(`recorded under this computer’s user name, “${computerUser}”`));
    await screenshot(app, 'who-asked');
    await addMember(app, 'Ade Sample', 'Social prescribing link worker', { core: true });
    await addMember(app, 'Dr Gwen Imaginary', 'GP', { core: true });

    await (await byName(app, 'Choose your name')).click();
    await (await app.$('h2=Who is using MDT Assistant?')).waitForDisplayed({ timeout: 10000 });
    assert.deepEqual(await texts(app, 'dialog .person'), ['Ade Sample', 'Dr Gwen Imaginary', 'Priya Example']);
    await screenshot(app, 'who-chooser');
    await (await nameIn(app, 'Priya Example')).click();
    await app.waitUntil(async () => (await statusBar(app)).startsWith('You: Priya Example'), { timeout: 10000 });
    await (await app.$(prompt)).waitForDisplayed({ reverse: true, timeout: 10000 });

    // Priya plans and holds the meeting, and agrees an action.
    await planMeeting(app, { minutes: 60, chair: 'Dr Gwen Imaginary (GP)', minuteTaker: 'Priya Example (Occupational therapist)' });
    await (await byName(app, 'Add a case')).click();
    await fill(app, 'Reference (required)', 'AB-0101');
    await (await field(app, 'Presenter')).selectByVisibleText('Priya Example (Occupational therapist)');
    await (await byName(app, 'Add to agenda')).click();
    await (await app.$('strong=AB-0101')).waitForDisplayed({ timeout: 10000 });
    await (await byName(app, 'Start meeting')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    await recordTab(app);
    const situation = await app.$('textarea[id$="-situation"]');
    await situation.waitForDisplayed({ timeout: 10000 });
    const prefix = (await situation.getAttribute('id')).replace('-situation', '');
    await situation.setValue('Two falls at home in a month; lives alone.');
    await (await byName(app, 'New action')).setValue('Book a joint visit with the SPLW');
    await (await byName(app, 'Action owner')).selectByVisibleText('Ade Sample');
    await (await byName(app, 'Action due date')).setValue('2026-03-20');
    await (await byName(app, 'Add action')).click();
    await (await app.$('li*=Book a joint visit with the SPLW')).waitForDisplayed({ timeout: 10000 });
    await waitSaved(app);
    await (await byName(app, 'Discussed, next')).click();
    await (await app.$('button=← Leave chair view')).click();
    await (await byName(app, 'Finalise minutes')).click();
    await (await app.$('dialog button.primary')).click();
    await (await app.$('span*=Finalised minutes')).waitForDisplayed({ timeout: 10000 });

    // Ade takes over the computer: the status bar's button, then his name.
    await switchTo(app, 'Ade Sample');
    assert.match(await statusBar(app), /^You: Ade Sample · Change/);
    await screenshot(app, 'who-switched');

    // Ade amends the minutes.
    await (await byName(app, 'Amend minutes')).click();
    await fill(app, 'Reason for the change (required)', 'The decision was not minuted');
    await (await byName(app, 'Start amending')).click();
    await (await byName(app, 'Amend case records')).click();
    await (await app.$(`#${prefix}-decision`)).waitForDisplayed({ timeout: 10000 });
    await (await app.$(`#${prefix}-decision`)).setValue('OT to assess the home; SPLW to link with the falls group.');
    await waitSaved(app);

    // The record's history names each of them against what they did.
    await (await byName(app, 'Changes to this record')).click();
    await (await app.$('strong=Amended after finalising')).waitForDisplayed({ timeout: 10000 });
    const heads = await texts(app, 'dialog .head');
    assert.equal(heads.length, 2, heads.join(' | '));
    assert.match(heads[0], /^Amended after finalising by Ade Sample, /);
    assert.match(heads[1], /^Created by Priya Example, /);
    assert.ok(!heads.some((h) => h.includes(computerUser) || h.includes('unknown')), heads.join(' | '));
    await screenshot(app, 'who-record-history');
    await (await app.$('//dialog//button[normalize-space()="Close"]')).click();
    await (await app.$('button=← Leave chair view')).click();
    await (await byName(app, 'Finish amending')).click();
    await (await byName(app, 'Amend minutes')).waitForDisplayed({ timeout: 10000 });
    const amended = await app.$('li*=by Ade Sample: The decision was not minuted');
    await amended.waitForDisplayed({ timeout: 10000 });
    assert.ok(!(await (await app.$('li*=by Priya Example: The decision')).isExisting()), 'the amendment is not put on Priya');
    await screenshot(app, 'who-amended-minutes');

    // The action's history: agreed while Priya was using the app.
    await (await app.$('a=Actions')).click();
    await (await byName(app, 'History of: Book a joint visit with the SPLW')).click();
    await (await app.$('strong=Created')).waitForDisplayed({ timeout: 10000 });
    assert.deepEqual((await texts(app, 'dialog .head')).map((h) => h.replace(/, .*$/, '')), ['Created by Priya Example']);
    await (await byName(app, 'Close')).click();
  } catch (e) {
    await screenshot(app, 'failure-who');
    throw e;
  } finally {
    await app.deleteSession();
  }

  // The next start remembers who was using the app, and planning in the series starts from its last meeting.
  app = await openApp(db);
  try {
    await app.waitUntil(async () => (await statusBar(app)).startsWith('You: Ade Sample'), { timeout: 10000 });
    assert.ok(!(await (await app.$(prompt)).isExisting()), 'not asked again');
    await (await byName(app, 'Plan a meeting')).click();
    await fill(app, 'Team or series (required)', 'Riverside Neighbourhood MDT');
    const carried = await app.$('p*=as at this series’ meeting of');
    await carried.waitForDisplayed({ timeout: 10000 });
    assert.match(await carried.getText(), /as at this series’ meeting of Monday 2 March 2026, 13:00\./);
    const chosen = async (label) => (await (await field(app, label)).$('option:checked')).getText();
    assert.equal(await chosen('Chair'), 'Dr Gwen Imaginary (GP)');
    assert.equal(await chosen('Minute-taker'), 'Priya Example (Occupational therapist)');
    assert.equal(await (await field(app, 'Planned length (minutes)')).getValue(), '60', 'the last meeting was 60 minutes, not the usual 90');
    await screenshot(app, 'plan-in-series');
    // The planner can still change them.
    await (await field(app, 'Chair')).selectByVisibleText('Ade Sample (Social prescribing link worker)');
    await fill(app, 'Date (required)', '2026-03-16');
    await (await byName(app, 'Create meeting')).click();
    await (await app.$('h1=Neighbourhood MDT')).waitForDisplayed({ timeout: 10000 });
    assert.ok(await visible(app, 'p*=Monday 16 March 2026, 13:00 · 60 minutes'));
    assert.ok(await visible(app, 'strong=Ade Sample'), 'the chair the planner chose instead');
  } catch (e) {
    await screenshot(app, 'failure-who-restart');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('"Not now" puts the question off; removing the chosen person asks again', async () => {
  const db = tempDb();
  const app = await openApp(db);
  try {
    await (await app.$('a=Add my team')).click();
    await (await app.$('h2=Add a team member')).waitForDisplayed({ timeout: 10000 });
    await fill(app, 'Name (required)', 'Cal Coordinator');
    await (await app.$('#member-roleKey')).selectByVisibleText('Care coordinator');
    await (await byName(app, 'Add to roster')).click();
    await (await app.$('th=Cal Coordinator')).waitForDisplayed({ timeout: 10000 });
    await addMember(app, 'Jo Placeholder', 'Practice or district nurse');

    await (await app.$(prompt)).waitForDisplayed({ timeout: 10000 });
    await (await byName(app, 'Not now')).click();
    await (await app.$(prompt)).waitForDisplayed({ reverse: true, timeout: 10000 });
    await (await app.$('a=Meetings')).click();
    await (await app.$('h1=Meetings')).waitForDisplayed({ timeout: 10000 });
    assert.ok(!(await (await app.$(prompt)).isExisting()), 'not asked again on every screen');
    assert.match(await statusBar(app), /^You: not chosen/);

    await switchTo(app, 'Jo Placeholder');
    await (await app.$('a=Team roster')).click();
    await (await byName(app, 'Remove Jo Placeholder')).click();
    await (await byName(app, 'Remove from roster')).click();
    await (await app.$('th=Jo Placeholder')).waitForDisplayed({ reverse: true, timeout: 10000 });
    await app.waitUntil(async () => (await statusBar(app)).startsWith('You: not chosen'), { timeout: 10000 });
    // "Not now" was for the person who said it; a new question is asked.
    await (await app.$(prompt)).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('.who-prompt')).getText(), /Jo Placeholder is no longer on the team roster\./);
    await screenshot(app, 'who-left-roster');
    await (await byName(app, 'Choose your name')).click();
    await (await app.$('dialog .person')).waitForDisplayed({ timeout: 10000 });
    assert.deepEqual(await texts(app, 'dialog .person'), ['Cal Coordinator']);
    await (await nameIn(app, 'Cal Coordinator')).click();
    await app.waitUntil(async () => (await statusBar(app)).startsWith('You: Cal Coordinator'), { timeout: 10000 });
  } catch (e) {
    await screenshot(app, 'failure-who-not-now');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
