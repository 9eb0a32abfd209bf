import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { byName, openApp, screenshot, startDriver, stopDriver, tempDb, texts } from './harness.mjs';

before(startDriver);
after(stopDriver);

const currentTitle = async (app) => (await app.$('#current-title')).getText();

test('a first-time user explores the demo team; identifiers stay out of the page until revealed', async () => {
  const app = await openApp(tempDb());
  try {
    await (await byName(app, 'Explore with demo data')).click();
    const inProgress = await app.$("//li[.//span[normalize-space()='In progress']]//a");
    await inProgress.waitForDisplayed({ timeout: 15000 });
    await screenshot(app, 'demo-meetings');
    await inProgress.click();
    await (await app.$('h2=Agenda')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'demo-meeting');

    await (await byName(app, 'Open chair view')).click();
    await (await app.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'demo-chair');

    // Walk the agenda with the keyboard to the person who has a stored identifier.
    for (let i = 0; i < 15 && (await currentTitle(app)) !== 'GW-3310'; i++) {
      const before = await currentTitle(app);
      await app.keys(['Alt', 'ArrowRight']);
      await app.waitUntil(async () => (await currentTitle(app)) !== before, { timeout: 5000 });
    }
    assert.equal(await currentTitle(app), 'GW-3310');
    assert.ok(!(await app.getPageSource()).includes('DEMO-0001'), 'no identifier in the DOM before it is revealed');
    await (await byName(app, 'Reveal identifier')).click();
    await (await app.$('p*=DEMO-0001')).waitForDisplayed({ timeout: 5000 });
    await screenshot(app, 'demo-chair-revealed');
    await app.keys(['Alt', 'ArrowRight']);
    await app.waitUntil(async () => (await currentTitle(app)) !== 'GW-3310', { timeout: 5000 });
    assert.ok(!(await app.getPageSource()).includes('DEMO-0001'), 'hidden again on the next item');

    await (await app.$("button=← Leave chair view")).click();
    await (await app.$('a=Actions')).click();
    await (await app.$('span=Overdue')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'demo-actions');

    await (await app.$('a=Search')).click();
    await (await app.$('#search-query')).setValue('hoarding');
    await (await app.$('button=Search')).click();
    await (await app.$('mark')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('.hits')).getText(), /DH-1187/);
    await screenshot(app, 'demo-search');
  } catch (e) {
    await screenshot(app, 'failure-demo');
    throw e;
  } finally {
    await app.deleteSession();
  }
});

test('demo data says it is demo data, its meetings are told apart, it is offered once, and marking an action done can be undone by keyboard', async () => {
  const app = await openApp(tempDb());
  const focused = () => app.execute(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  try {
    assert.ok(!(await (await app.$('[data-testid="demo-notice"]')).isExisting()), 'no notice before the demo is loaded');
    await (await byName(app, 'Explore with demo data')).click();
    const notice = await app.$('[data-testid="demo-notice"]');
    await notice.waitForDisplayed({ timeout: 15000 });
    assert.match(await notice.getText(), /fictional team/);
    await app.waitUntil(async () => (await texts(app, '.meetings .title')).length === 4, { timeout: 10000 });
    const titles = await texts(app, '.meetings .title');
    assert.equal(new Set(titles).size, 4, `no two alike: ${titles.join(' | ')}`);
    assert.ok(titles.every((t) => t.includes('(demo)')), titles.join(' | '));
    assert.ok(!(await (await app.$('button=Explore with demo data')).isExisting()), 'not offered again');
    // The demo's people are on the roster now, so the app asks who is exploring.
    await (await app.$('strong=Who is using MDT Assistant?')).waitForDisplayed({ timeout: 10000 });
    await screenshot(app, 'demo-labelled');

    await (await app.$('a=Team roster')).click();
    const rosterNotice = await app.$('[data-testid="demo-notice"]');
    await rosterNotice.waitForDisplayed({ timeout: 10000 });
    assert.match(await rosterNotice.getText(), /12 members of this roster are the fictional demo team/);
    assert.ok(await (await byName(app, 'Add member')).isDisplayed());
    assert.ok(!(await (await app.$('button=Add the demo team…')).isExisting()), 'the demo is not offered twice');
    await screenshot(app, 'demo-roster');

    // Mark an open action done from the keyboard, then undo it from the keyboard.
    await (await app.$('a=Actions')).click();
    await (await app.$('h1=Agreed actions')).waitForDisplayed({ timeout: 10000 });
    const done = await app.$('button[aria-label^="Mark done: "]');
    await done.waitForDisplayed({ timeout: 10000 });
    const label = await done.getAttribute('aria-label');
    const description = label.slice('Mark done: '.length);
    const count = async () => (await (await app.$('.summary')).getText());
    const before = await count();
    await app.execute((el) => el.focus(), done);
    await app.keys('Enter');
    await (await app.$('h2=Mark the action done')).waitForDisplayed({ timeout: 10000 });
    await app.keys('Enter');
    const undo = await app.$('button=Undo');
    await undo.waitForDisplayed({ timeout: 10000 });
    assert.match(await (await app.$('[data-testid="closed-notice"]')).getText(), new RegExp(`Marked done: ${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await app.waitUntil(async () => (await focused()).startsWith('Undo'), { timeout: 5000, timeoutMsg: 'the keyboard should be on Undo' });
    const [top, bottom] = await app.execute(() => {
      const box = document.querySelector('[data-testid="closed-notice"]').getBoundingClientRect();
      return [box.top, box.bottom - window.innerHeight];
    });
    assert.ok(top >= 0 && bottom <= 0, `the whole offer is on screen (top ${top}, bottom ${bottom} past the window)`);
    assert.notEqual(await count(), before, 'the action left the open list');
    assert.ok(!(await (await app.$(`button[aria-label="${label}"]`)).isExisting()));
    await screenshot(app, 'action-undo-offered');
    await app.keys('Enter');
    await (await app.$(`button[aria-label="${label}"]`)).waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await count()) === before, { timeout: 5000 });
    assert.ok(!(await (await app.$('[data-testid="closed-notice"]')).isExisting()), 'nothing left to undo');
    await app.waitUntil(async () => (await focused()) === label, { timeout: 5000, timeoutMsg: 'the keyboard goes back to the reopened action' });

    // The history of the action says it was done and reopened.
    await (await byName(app, `History of: ${description}`)).click();
    await (await app.$('dialog')).waitForDisplayed({ timeout: 10000 });
    const heads = (await texts(app, 'dialog .head')).map((h) => h.replace(/ by .*$/, ''));
    assert.deepEqual(heads.slice(0, 2), ['Changed', 'Changed']);
    await screenshot(app, 'action-undo-history');
  } catch (e) {
    await screenshot(app, 'failure-demo-labels');
    throw e;
  } finally {
    await app.deleteSession();
  }
});
