// Referrals both ways (issue #15), in the real window: in the case record the OT refers the person
// to an outside service, the person's consent to share with it asked in the same step, the date
// typed the UK way (15/12/2026); the service declines, and the minute-taker first saves the decline
// without the reason (refused beside the box) and then with it; they leave for the Actions screen,
// where the referral is listed as feedback is still owed, come back to the case, and print the
// letter, whose PDF is read back and rendered to a PNG to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { byName, field, fill, openApp, planMeeting, recordTab, screenshot, seedTeam, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

const REASON = 'He used to be a joiner and misses working with his hands and the company of other men.';
const DECLINED = 'Full until the spring; please refer again in March.';

async function written(app, dir, pattern) {
  let found = [];
  await app.waitUntil(() => (found = readdirSync(dir).filter((n) => pattern.test(n))).length === 1, {
    timeout: 15000,
    timeoutMsg: `no file matching ${pattern} in ${dir}: ${readdirSync(dir).join(', ')}`,
  });
  return path.join(dir, found[0]);
}

/** Opens (or starts) the chair view and moves to the case, with its record showing. */
async function toTheCase(app) {
  await (await app.$('//button[normalize-space()="Start meeting" or normalize-space()="Open chair view"]')).click();
  await recordTab(app);
  for (let i = 0; i < 4 && (await textContent(app, '#current-title')) !== 'AB-0101'; i++) {
    await app.keys(['Alt', 'ArrowRight']);
    await app.pause(300);
  }
  await app.waitUntil(async () => (await textContent(app, '#current-title')) === 'AB-0101', { timeout: 10000, timeoutMsg: 'the case is on screen' });
  await recordTab(app);
  const panel = await app.$('[data-testid="referrals-panel"]');
  await panel.waitForExist({ timeout: 10000 });
  await panel.scrollIntoView({ block: 'start' });
}

test('a referral to an outside service, with consent, declined with its reason after a slip, kept across leaving, printed as a letter', async () => {
  const db = tempDb();
  seedTeam(db);
  const exportDir = tempDir('referral-letters-');
  const app = await openApp(db, ['--export-dir', exportDir]);
  try {
    await planMeeting(app, { chair: 'Dr Gwen Imaginary (GP)' });
    await (await byName(app, 'Add a case')).click();
    await fill(app, 'Reference (required)', 'AB-0101');
    await fill(app, 'Reason for discussion', 'Retired joiner, lonely since his wife died');
    await (await field(app, 'Presenter')).selectByVisibleText('Priya Example (Occupational therapist)');
    await (await byName(app, 'Add to agenda')).click();
    await (await app.$('strong=AB-0101')).waitForDisplayed({ timeout: 10000 });
    await toTheCase(app);

    // Make the referral: to an outside service, so consent to share is asked in the same step.
    await (await byName(app, 'Make a referral')).click();
    assert.equal(await (await field(app, 'From (who is referring)')).getValue() !== '', true, 'the presenter is offered as the referrer');
    await (await field(app, 'From (who is referring)')).selectByVisibleText('Priya Example (Occupational therapist)');
    await (await app.$('//label[contains(., "An outside (non-NHS) service")]/input')).click();
    await fill(app, "Service's name", "Riverside Men's Shed");
    await (await app.$("legend*=Does the person agree to share information with Riverside Men's Shed?")).waitForDisplayed({ timeout: 5000 });
    await (await app.$('//label[contains(., "Yes, they agree")]/input')).click();
    await fill(app, 'Date made (required)', '15/12/2026');
    await app.waitUntil(async () => (await textContent(app, '[data-testid="referral-new-madeOn-reading"]')).includes('Tuesday 15 December 2026'), { timeout: 10000, timeoutMsg: 'the date is read the UK way and said in words' });
    await fill(app, "Reason, in the referrer's words", REASON);
    await fill(app, 'Expected wait, in weeks (optional)', '4');
    await fill(app, 'Feedback to the referrer due by (optional)', '15/01/2027');
    await screenshot(app, 'referral-form');
    await (await byName(app, 'Make the referral')).click();
    const article = await app.$('[data-testid="referral"]');
    await article.waitForExist({ timeout: 10000 });
    await app.waitUntil(async () => (await textContent(app, '[data-testid="referral"] h4')).startsWith("To Riverside Men's Shed (outside service), from Priya Example, 15 Dec 2026"), { timeout: 10000, timeoutMsg: 'the referral is listed' });
    assert.match(await textContent(app, '[data-testid="referral-status"]'), /^Sent since 15 Dec 2026/);
    assert.match(await textContent(app, '[data-testid="sharing-notice"]'), /Consent to share with Riverside Men's Shed: agreed on Tuesday 15 December 2026\./);

    // The service declines. A slip first: saved without the reason, refused beside the box.
    await (await byName(app, 'Change status')).click();
    await (await field(app, 'What has happened')).selectByVisibleText('Declined');
    await fill(app, 'On (required)', '16/12/2026');
    await (await byName(app, 'Save the status')).click();
    await (await app.$('p*=Say why the referral was declined')).waitForDisplayed({ timeout: 10000 });
    assert.match(await app.execute(() => document.activeElement?.id ?? ''), /^referral-\d+-declinedReason$/, 'the cursor is put in the box to fill');
    assert.match(await textContent(app, '[data-testid="referral-status"]'), /^Sent since/, 'nothing changed');
    await screenshot(app, 'referral-decline-refused');
    await fill(app, 'Why it was declined, as the receiver said', DECLINED);
    await (await byName(app, 'Save the status')).click();
    await app.waitUntil(async () => (await textContent(app, '[data-testid="referral-status"]')).startsWith(`Declined on 16 Dec 2026: ${DECLINED}`), { timeout: 10000, timeoutMsg: 'declined with the reason' });
    assert.equal(await (await app.$('button=Change status')).isExisting(), false, 'declined is final');

    // Leave: the Actions screen lists it beside the actions, since feedback is still owed.
    await (await app.$('button=← Leave chair view')).click();
    await (await app.$('a=Actions')).click();
    const open = await app.$('[data-testid="open-referrals"]');
    await open.waitForExist({ timeout: 10000 });
    await app.waitUntil(async () => (await textContent(app, '[data-testid="open-referrals"]')).includes("Riverside Men's Shed"), { timeout: 10000, timeoutMsg: 'listed on the Actions screen' });
    const listed = await textContent(app, '[data-testid="open-referrals"]');
    assert.match(listed, /1 open referral/);
    assert.ok(listed.includes(`Declined on 16 Dec 2026: ${DECLINED}`) && listed.includes('Feedback due to Priya Example by Friday 15 January 2027'), listed);
    await open.scrollIntoView({ block: 'start' });
    await screenshot(app, 'referral-actions-screen');

    // Return to the case: the referral is as it was left.
    await (await app.$('a=Meetings')).click();
    await (await app.$("a*=Riverside MDT")).click();
    await (await app.$('h1=Riverside MDT')).waitForDisplayed({ timeout: 10000 });
    await toTheCase(app);
    await app.waitUntil(async () => (await textContent(app, '[data-testid="referral-status"]')).startsWith(`Declined on 16 Dec 2026: ${DECLINED}`), { timeout: 10000, timeoutMsg: 'kept across leaving' });
    assert.ok((await textContent(app, '[data-testid="referral"]')).includes(REASON));

    // Print the letter: pseudonymous (identifiers not chosen).
    await (await byName(app, 'Print letter…')).click();
    await (await app.$('dialog[open]')).waitForDisplayed({ timeout: 10000 });
    await (await byName(app, 'Choose where to save…')).click();
    const pdf = await written(app, exportDir, /^referral-\d+-ab-0101-2026-12-15\.pdf$/);
    await (await app.$('[data-testid="export-saved"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await textContent(app, '[data-testid="export-saved"]'), /Referral letter saved\.\s*1 page/);
    await screenshot(app, 'referral-letter-saved');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const wanted of [
      'OFFICIAL-SENSITIVE',
      "Referral to Riverside Men's Shed",
      'AB-0101',
      'Left out: the person is named by pseudonymous reference only.',
      'Priya Example, Occupational therapist',
      `Declined on Wednesday 16 December 2026: ${DECLINED}`,
      "The person agreed to sharing with Riverside Men's Shed (Tuesday 15 December 2026).",
      REASON,
      'Please let Priya Example know how this referral went by Friday 15 January 2027.',
    ]) {
      assert.ok(text.includes(wanted), `the letter says ${JSON.stringify(wanted)}: ${text}`);
    }
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.resolve(import.meta.dirname, '../../target/e2e-screenshots/referral-letter')]);
  } catch (e) {
    await screenshot(app, 'failure-referrals');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
