// The UI's font is the Noto Sans shipped inside the app (assets/fonts/, bundled by the UI build),
// not whatever the computer has: its family has a name of its own ('MDT Noto Sans'), so only the
// bundled files can supply it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, startDriver, stopDriver, tempDb } from './harness.mjs';

before(startDriver);
after(stopDriver);

test('the window draws its text in the Noto Sans shipped with the app', async () => {
  const app = await openApp(tempDb());
  try {
    const seen = JSON.parse(
      await app.execute(() =>
        document.fonts.ready.then(() => {
          const family = (sel) => getComputedStyle(document.querySelector(sel)).fontFamily;
          const width = (font) => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = font;
            return ctx.measureText('Who leads on what, and who holds clinical risk?').width;
          };
          return JSON.stringify({
            body: family('body'),
            heading: family('main h1'),
            button: family('button'),
            faces: [...document.fonts].map((f) => `${f.family.replace(/["']/g, '')} ${f.weight} ${f.status}`).sort(),
            shipped: width('16px "MDT Noto Sans"'),
            monospace: width('16px monospace'),
            shippedOrMonospace: width('16px "MDT Noto Sans", monospace'),
          });
        }),
      ),
    );
    for (const where of ['body', 'heading', 'button']) {
      assert.match(seen[where], /^["']?MDT Noto Sans["']?,/, `the ${where} asks for the shipped font first: ${seen[where]}`);
    }
    // Both shipped faces are loaded (the first screen has bold headings and buttons as well as plain text).
    assert.deepEqual(seen.faces, ['MDT Noto Sans 400 loaded', 'MDT Noto Sans 700 loaded']);
    // Text is really measured in it: with monospace behind it, the shipped font still wins...
    assert.equal(seen.shippedOrMonospace, seen.shipped);
    // ...and it is not monospace (positive control that the measurement tells fonts apart).
    assert.notEqual(seen.shipped, seen.monospace);
  } finally {
    await app.deleteSession();
  }
});
