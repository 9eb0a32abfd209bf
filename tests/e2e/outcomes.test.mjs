// Outcomes (issue #19), in the real window: ONS4 scores recorded for a person from their case
// record, a mistake refused beside the field with what was typed kept, a second sitting typed the
// UK way, the change read in words, a sitting removed with a reason; then in Settings the team
// adds its own measure and takes ONS4 out of use, and the case record offers only what is in use.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  addCaseItem,
  assertAccessible,
  byName,
  openApp,
  planMeeting,
  recordTab,
  screenshot,
  seedTeam,
  startAtCase,
  startDriver,
  stopDriver,
  tempDb,
  textContent,
} from './harness.mjs';

before(startDriver);
after(stopDriver);

const panel = (app) => textContent(app, '[data-testid="outcomes-panel"]');
const answer = async (app, question, value) => (await app.$(`//label[contains(., "${question}")]/following-sibling::select[1]`)).selectByVisibleText(value);

async function record(app, on, answers) {
  await (await byName(app, 'Record scores')).click();
  const date = await app.$('#outcome-new-takenOn');
  await date.waitForDisplayed({ timeout: 10000 });
  await date.clearValue();
  await date.setValue(on);
  for (const [question, value] of answers) await answer(app, question, value);
  await (await byName(app, 'Save the scores')).click();
}

test('ONS4 scores are recorded twice, the change read in words, one removed with a reason, and the team chooses its measures', async () => {
  const db = tempDb();
  seedTeam(db);
  const app = await openApp(db);
  try {
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await addCaseItem(app, { reference: 'AB-0101', reason: 'Lonely since her husband died', presenter: 'Ade Sample (Social prescribing link worker)' });
    await startAtCase(app, 'AB-0101', 'outcomes-panel');
    assert.match(await panel(app), /No outcome scores recorded for AB-0101\./);

    // A date after today is refused beside the date, and the answers typed are still there.
    await record(app, '15/12/2099', [['how satisfied are you', '4'], ['anxious did you feel yesterday', '8']]);
    const reading = () => app.execute(() => document.querySelector('[data-testid="outcome-new-takenOn-reading"]')?.textContent ?? '');
    await app.waitUntil(async () => /Give the day the person answered: it cannot be after today\./.test(await reading()), {
      timeout: 10000,
      timeoutMsg: 'the refusal is beside the date',
    });
    assert.equal(await (await app.$('//label[contains(., "how satisfied are you")]/following-sibling::select[1]')).getValue(), '4', 'the answer typed is kept');
    const date = await app.$('#outcome-new-takenOn');
    await date.clearValue();
    await date.setValue('02/03/2026');
    await (await byName(app, 'Save the scores')).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="outcome-sitting"]')).length === 1, { timeout: 10000, timeoutMsg: 'the first sitting is listed' });
    assert.match(await panel(app), /One sitting so far: change shows from the second\./);

    // The second sitting, typed the UK way; happiness left unanswered.
    await record(app, '1 Jun 2026', [['how satisfied are you', '7'], ['worthwhile', '6'], ['anxious did you feel yesterday', '5']]);
    await app.waitUntil(async () => (await app.$$('[data-testid="outcome-change"]')).length === 2, { timeout: 10000, timeoutMsg: 'two questions have a change' });
    // One request at a time: WebKitWebDriver drops the session on concurrent ones.
    const changes = await app.execute(() => [...document.querySelectorAll('[data-testid="outcome-change"]')].map((li) => li.textContent ?? ''));
    assert.deepEqual(changes.map((c) => c.replace(/\s+/g, ' ').trim()), [
      '▲ Life satisfaction: 4 on 02/03/2026, 7 on 01/06/2026: up 3, better',
      '▼ Anxiety yesterday: 8 on 02/03/2026, 5 on 01/06/2026: down 3, better',
    ]);
    assert.match(await panel(app), /01 Jun 2026|1 Jun 2026/);
    assert.match(await panel(app), /not answered/, 'happiness was left unanswered, said in words');
    await screenshot(app, 'outcomes-panel');
    await assertAccessible(app, 'the case record with outcomes');

    // Removing one needs a reason; with it, the sitting goes and the change with it.
    await (await byName(app, 'Remove the scores of 1 Jun 2026')).click();
    await (await app.$('//form[@aria-label="Remove scores entered wrongly"]//button[normalize-space()="Remove the scores"]')).click();
    await (await app.$('p.field-error*=Say why these scores are removed')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('#outcome-2-reason')).setValue('Entered for the wrong person');
    await (await app.$('//form[@aria-label="Remove scores entered wrongly"]//button[normalize-space()="Remove the scores"]')).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="outcome-sitting"]')).length === 1, { timeout: 10000, timeoutMsg: 'one sitting left' });
    assert.equal((await app.$$('[data-testid="outcome-change"]')).length, 0);

    // Settings: the team adds its own measure and takes ONS4 out of use.
    await (await app.$('button=← Leave chair view')).click();
    await (await app.$('a=Settings')).click();
    await (await byName(app, "Add the team's own measure…")).click();
    await (await app.$('#measure-new-name')).setValue('Goal progress');
    await (await app.$('#measure-new-q0')).setValue('How close are you to your goal?');
    await (await app.$('#measure-new-s0')).setValue('Goal');
    await (await byName(app, 'Add the measure')).click();
    await (await app.$('p.saved*=Goal progress added, in use.')).waitForDisplayed({ timeout: 10000 });
    await (await app.$('#measure-ons4')).click();
    await (await app.$('p.saved*=ONS4 personal well-being is no longer in use.')).waitForDisplayed({ timeout: 10000 });
    const listed = await textContent(app, '[data-testid="outcome-measures"]');
    assert.match(listed, /Goal progress \(the team's own\): 1 question\. The team's own measure\./);
    await screenshot(app, 'outcome-measures-settings');
    await assertAccessible(app, 'Settings with outcome measures');

    // Back in the case record, only the team's measure is offered; ONS4's scores still show.
    await (await app.$('a=Meetings')).click();
    await (await app.$('a*=Riverside MDT')).click();
    await (await byName(app, 'Open chair view')).click();
    await recordTab(app);
    if ((await textContent(app, '#current-title')) !== 'AB-0101') await app.keys(['Alt', 'ArrowRight']);
    await app.waitUntil(async () => (await textContent(app, '#current-title')) === 'AB-0101', { timeout: 10000, timeoutMsg: 'back at the case' });
    await recordTab(app);
    await (await app.$('[data-testid="outcomes-panel"]')).waitForDisplayed({ timeout: 10000 });
    await (await byName(app, 'Record scores')).click();
    assert.match(await textContent(app, '#outcome-new-measureKey'), /Goal progress/);
    assert.doesNotMatch(await textContent(app, '#outcome-new-measureKey'), /ONS4/);
    assert.match(await panel(app), /ONS4 personal well-being/, 'the scores already recorded stay');
  } finally {
    await app.deleteSession();
  }
});
