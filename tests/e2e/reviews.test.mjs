// Reviews that come back (issue #15), in the real window: a team's last meeting booked a review,
// a step-down's follow-up and an escalation still open (imported as a meeting bundle, dated from
// today so the test holds on any day). The chair plans the next meeting, typing its date the UK
// way; the meeting offers everyone due by then, with why; one step adds them all, each with its
// reason for listing filled in. Back on the meetings screen, the reviews whose day has passed are
// named as overdue, in words, with a keyboard path to the meeting that will see them. Hazard H33.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { byName, CLI, fill, openApp, screenshot, seedTeam, startDriver, stopDriver, tempDb, tempDir, textContent } from './harness.mjs';

before(startDriver);
after(stopDriver);

/** A day `offset` days from today: as stored (2026-12-15) and as typed in the UK (15/12/2026). */
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const [y, m, dd] = [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')];
  return { iso: `${y}-${m}-${dd}`, uk: `${dd}/${m}/${y}` };
}

const SERIES = 'Riverside Neighbourhood MDT';

function discussed(reference, discussion) {
  return {
    kind: 'case', reference, reason: 'Reviewed last month', presenter: 'P', minutesAllowed: 10, consent: 'agreed',
    outcome: 'discussed', secondsUsed: 600, professionals: [],
    discussion: { situation: 'Seen at home', needs: [], leads: [], riskHolder: null, escalations: [], transitions: [], decisionOwner: null, nextReviewDate: null, decision: 'Agreed a plan', ...discussion },
    actions: [],
  };
}

/** Last month's finalised meeting: AB's review and CD's follow-up have passed, EF's escalation is open, GH's review is months off. */
function lastMonth() {
  const held = day(-30);
  return {
    format: 'mdt-meeting-bundle',
    version: 1,
    members: [
      { key: 'G', name: 'Dr Gwen Imaginary', roleKey: 'gp' },
      { key: 'P', name: 'Priya Example', roleKey: 'ot' },
    ],
    meeting: {
      seriesName: SERIES, title: 'Riverside MDT', startsAt: `${held.iso}T13:00`, plannedMinutes: 60, chair: 'G', minuteTaker: 'P',
      status: 'finalised', finalisedAt: `${held.iso}T15:00:00Z`, attendance: [],
      agenda: [
        discussed('AB-0101', { nextReviewDate: day(-16).iso }),
        discussed('CD-0102', {
          transitions: [{ direction: 'step_down', fromRoleKey: 'ot', toRoleKey: 'splw', handoverPlan: 'Two joint visits', jointVisits: 2, consultContact: 'PCN OT', followUpDate: day(-9).iso }],
        }),
        discussed('EF-0103', { escalations: [{ trigger: 'safeguarding', route: 'Duty social work team', informed: 'GP', notNeededReason: '' }] }),
        discussed('GH-0104', { nextReviewDate: day(60).iso }),
      ],
      amendments: [],
    },
  };
}

async function focusedText(app) {
  return app.execute(() => (document.activeElement?.textContent ?? '').trim());
}

test('a chair plans a meeting typed the UK way, adds every review due in one step, goes back and sees who is overdue', async () => {
  const db = tempDb();
  seedTeam(db);
  const bundle = path.join(tempDir('reviews'), 'last-month.json');
  writeFileSync(bundle, JSON.stringify(lastMonth()));
  execFileSync(CLI, ['--db', db, 'import', bundle]);
  const app = await openApp(db);
  try {
    // Plan the next meeting, its date typed day first.
    const next = day(12);
    await (await app.$('a=Meetings')).click();
    const plan = await byName(app, 'Plan a meeting');
    await plan.waitForEnabled({ timeout: 10000 });
    await plan.click();
    await fill(app, 'Title (required)', 'Riverside MDT next');
    await fill(app, 'Team or series (required)', SERIES);
    await fill(app, 'Date (required)', next.uk);
    await fill(app, 'Start time', '13:00');
    await (await byName(app, 'Create meeting')).click();
    await (await app.$('h1=Riverside MDT next')).waitForDisplayed({ timeout: 10000 });

    // Offered: everyone due by its day, with why; not GH, whose review is after it.
    const panel = await app.$('[data-testid="due-reviews"]');
    await panel.waitForDisplayed({ timeout: 10000 });
    const offered = await textContent(app, '[data-testid="due-reviews"]');
    for (const reference of ['AB-0101', 'CD-0102', 'EF-0103']) assert.ok(offered.includes(reference), `${reference} is offered: ${offered}`);
    assert.ok(!offered.includes('GH-0104'), `GH-0104 is not due by then: ${offered}`);
    assert.ok(offered.includes(`Review booked for ${day(-16).uk} at Riverside MDT on ${day(-30).uk}`), offered);
    assert.ok(offered.includes(`Step-down follow-up (OT to SPLW) due ${day(-9).uk}`), offered);
    assert.ok(offered.includes('Open escalation: safeguarding concern via Duty social work team'), offered);
    assert.ok(offered.includes(`Overdue: was due ${day(-16).uk}`), `overdue said in words: ${offered}`);
    await panel.scrollIntoView({ block: 'center' });
    await screenshot(app, 'reviews-offered');

    // One step adds them all; the agenda shows each with why they are due, and focus goes to it.
    await (await byName(app, 'Add all 3 due')).click();
    await app.waitUntil(async () => (await app.$$('.items strong.label')).length === 4, { timeout: 10000, timeoutMsg: 'three cases after matters arising' });
    const labels = [];
    for (const el of await app.$$('.items strong.label')) labels.push(await el.getProperty('textContent'));
    assert.deepEqual(labels, ['Matters arising', 'AB-0101', 'CD-0102', 'EF-0103']);
    const agenda = await textContent(app, '.items');
    assert.ok(agenda.includes(`Due for review: review booked for ${day(-16).uk} at Riverside MDT on ${day(-30).uk}.`), agenda);
    assert.ok(agenda.includes('presented by Priya Example'), `the presenter comes from the last discussion: ${agenda}`);
    assert.equal(await app.$('[data-testid="due-reviews"]').then((e) => e.isExisting()), false, 'nobody is offered twice');
    assert.equal(await app.execute(() => document.activeElement?.id), 'agenda-title');
    assert.match(await textContent(app, '[role="status"]'), /Added 3 people due for review: AB-0101, CD-0102 and EF-0103\./);
    await screenshot(app, 'reviews-added');

    // Back to the meetings screen: the two whose day has passed are overdue, named, not by colour alone.
    await (await app.$('a=← All meetings')).click();
    const notice = await app.$('[data-testid="overdue-reviews"]');
    await notice.waitForDisplayed({ timeout: 10000 });
    const said = await textContent(app, '[data-testid="overdue-reviews"]');
    assert.match(said, /2 people are overdue for review/);
    assert.ok(said.includes(`AB-0101: Overdue: was due ${day(-16).uk} (next review); listed for Riverside MDT next on ${next.uk}`), said);
    assert.ok(said.includes(`CD-0102: Overdue: was due ${day(-9).uk} (step-down follow-up)`), said);
    assert.ok(!said.includes('EF-0103') && !said.includes('GH-0104'), `only the overdue are named: ${said}`);
    await screenshot(app, 'reviews-overdue');

    // The keyboard path: Tab to the link and press Enter, and the meeting that will see them opens.
    await app.execute(() => document.getElementById('overdue-title')?.closest('section')?.querySelector('h2')?.setAttribute('tabindex', '-1'));
    await app.execute(() => document.getElementById('overdue-title')?.focus());
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await app.keys('Tab');
      reached = (await focusedText(app)).startsWith('Plan them into Riverside MDT next');
    }
    assert.ok(reached, 'the link to plan them is reached with Tab');
    await app.keys('Enter');
    await (await app.$('h1=Riverside MDT next')).waitForDisplayed({ timeout: 10000 });
  } finally {
    await app.deleteSession();
  }
});
