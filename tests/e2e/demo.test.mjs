import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { byName, openApp, screenshot, startDriver, stopDriver, tempDb } from './harness.mjs';

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
