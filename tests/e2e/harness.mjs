// Drives the real mdt-desktop binary through tauri-driver + WebKitWebDriver.
// Each test gets its own temporary database; screenshots go to target/e2e-screenshots/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = process.env.MDT_APP ?? path.join(root, 'target/debug/mdt-desktop');
/** The mdt CLI, used to set up data a test needs before the app starts. */
export const CLI = process.env.MDT_CLI ?? path.join(root, 'target/debug/mdt');
const SCREENSHOTS = path.join(root, 'target/e2e-screenshots');
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);

let driver = null;

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts tauri-driver once per test file; stopped by stopDriver(). */
export async function startDriver() {
  if (driver) return;
  // The app turns WebKit's compositing off on a machine without a GPU (as CI and this machine
  // are), and WebKitWebDriver's screenshots then never answer: the tests run with it on.
  driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { MDT_COMPOSITING: 'on', ...process.env },
  });
  for (let i = 0; i < 100 && !(await portOpen(PORT)); i++) await new Promise((r) => setTimeout(r, 100));
}

export function stopDriver() {
  driver?.kill();
  driver = null;
}

/** The test folders made by this process, removed when it exits (kept with MDT_E2E_KEEP=1, to look into a failure). */
const made = [];
process.on('exit', () => {
  if (process.env.MDT_E2E_KEEP === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder (`mdt-e2e-NAME…` in the system's temporary folder), removed when the test file's process ends. */
export function tempDir(name = '') {
  const dir = mkdtempSync(path.join(os.tmpdir(), `mdt-e2e-${name}`));
  made.push(dir);
  return dir;
}

/** A fresh folder for one test's database, removed when the test file's process ends. */
export function tempDb() {
  return path.join(tempDir(), 'mdt.sqlite3');
}

/**
 * Opens the app on `db` and waits for its first screen. `extraArgs` go to mdt-desktop after
 * `--db`, e.g. `['--export-dir', dir]` to write exports there without the save dialog.
 */
export async function openApp(db, extraArgs = []) {
  // Starting a session now and then fails at the socket (tauri-driver not yet listening again
  // after the last test's app closed): try again, a few times, before failing the test.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApp(db, extraArgs);
    } catch (error) {
      if (attempt >= 3 || !/socket|ECONNREFUSED|ECONNRESET|session not created/i.test(String(error?.message ?? error))) throw error;
      console.warn(`Starting the app failed (${error.message}); trying again (${attempt + 1} of 3).`);
      await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    }
  }
}

async function startApp(db, extraArgs) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP, args: ['--db', db, ...extraArgs] },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  await (await browser.$('main h1')).waitForDisplayed({ timeout: 30000 });
  return browser;
}

export async function screenshot(browser, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // WebKit captures the last painted frame; give a just-changed page two frames to paint.
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await browser.saveScreenshot(path.join(SCREENSHOTS, `${name}.png`));
}

/** The element with this accessible name (ARIA), once it is on screen. */
export async function byName(browser, name) {
  const el = await browser.$(`aria/${name}`);
  await el.waitForDisplayed({ timeout: 10000 });
  return el;
}

/**
 * Whether the element is on screen once scrolled to, as a user would scroll. Long screens lay
 * out rows below the fold only when scrolled to (content-visibility: auto), so an element there
 * is not "displayed" to WebDriver until then.
 */
export async function visible(browser, selector) {
  const el = await browser.$(selector);
  if (!(await el.isExisting())) return false;
  await el.scrollIntoView({ block: 'center' });
  return el.isDisplayed();
}

/** The form control a visible <label> with exactly this text points at. */
export async function field(browser, label) {
  const labelEl = await browser.$(`label=${label}`);
  await labelEl.waitForDisplayed({ timeout: 10000 });
  return browser.$(`#${await labelEl.getAttribute('for')}`);
}

/** Replaces the text in a labelled field, as a person would by selecting it and typing. */
export async function fill(browser, label, value) {
  const input = await field(browser, label);
  await input.clearValue();
  await input.setValue(value);
}

/** The visible text of every element matching `selector`, in document order. */
export async function texts(browser, selector) {
  const out = [];
  for (const el of await browser.$$(selector)) out.push(await el.getText());
  return out;
}

/** The fictional four-person team several tests start from, added through the CLI. */
export function seedTeam(db) {
  for (const [name, role] of [
    ['Dr Gwen Imaginary', 'gp'],
    ['Priya Example', 'ot'],
    ['Ade Sample', 'splw'],
    ['Cal Coordinator', 'care_coordinator'],
  ]) {
    execFileSync(CLI, ['--db', db, 'members', 'add', '--name', name, '--role', role, '--core']);
  }
}

/** Plans "Riverside MDT" on 2 March 2026 from the Meetings screen and waits for its page. */
export async function planMeeting(browser, { minutes, chair, minuteTaker } = {}) {
  await (await browser.$('a=Meetings')).click();
  const plan = await byName(browser, 'Plan a meeting');
  await plan.waitForEnabled({ timeout: 10000 });
  await plan.click();
  await fill(browser, 'Title (required)', 'Riverside MDT');
  await fill(browser, 'Team or series (required)', 'Riverside Neighbourhood MDT');
  await fill(browser, 'Date (required)', '02/03/2026');
  await fill(browser, 'Start time', '13:00');
  if (minutes) await fill(browser, 'Planned length (minutes)', String(minutes));
  if (chair) await (await field(browser, 'Chair')).selectByVisibleText(chair);
  if (minuteTaker) await (await field(browser, 'Minute-taker')).selectByVisibleText(minuteTaker);
  await (await byName(browser, 'Create meeting')).click();
  await (await browser.$('h1=Riverside MDT')).waitForDisplayed({ timeout: 10000 });
}

/**
 * In the case record, opens the person's joint-working agreement for editing (agreeing it the
 * first time, or "Change the agreement…"), answers what is given, gives the reason if one is
 * asked, saves, and waits for the panel to say what this discussion did. `leads` and `holders`
 * are [aspect, who] pairs, `who` as the picker shows it; a holder's who may be
 * { name, service } for someone outside the team.
 */
export async function agreeWorkingTogether(browser, { leads = [], holders = [], concerns, emergency, reason } = {}) {
  const open = await browser.$('//section[@data-testid="agreement-panel"]//button[normalize-space()="Agree how we will work together" or normalize-space()="Change the agreement…"]');
  await open.waitForDisplayed({ timeout: 10000 });
  await open.click();
  for (const [i, [aspect, who]] of leads.entries()) {
    if (i > 0 || !(await (await browser.$('[aria-label="Aspect 1"]')).isExisting())) await (await byName(browser, 'Add a lead')).click();
    const aspectBox = await browser.$(`[aria-label="Aspect ${i + 1}"]`);
    await aspectBox.clearValue();
    await aspectBox.setValue(aspect);
    await (await browser.$(`[aria-label="Who leads on aspect ${i + 1}"]`)).selectByVisibleText(who);
  }
  for (const [i, [aspect, who]] of holders.entries()) {
    if (i > 0) await (await byName(browser, 'Split risk: add a holder')).click();
    const picker = await browser.$(`[aria-label="Who holds risk, holder ${i + 1}"]`);
    if (typeof who === 'string') {
      await picker.selectByVisibleText(who);
    } else {
      await picker.selectByVisibleText('Someone outside the team…');
      await (await browser.$(`[aria-label="Outside clinician's name, holder ${i + 1}"]`)).setValue(who.name);
      await (await browser.$(`[aria-label="Their service, holder ${i + 1}"]`)).setValue(who.service);
    }
    const aspectBox = await browser.$(`[aria-label="Aspect of risk, holder ${i + 1} (blank for all of it)"]`);
    await aspectBox.clearValue();
    if (aspect) await aspectBox.setValue(aspect);
  }
  if (concerns !== undefined) await fill(browser, 'How concerns are passed on', concerns);
  if (emergency !== undefined) await fill(browser, 'Whom to contact in an emergency', emergency);
  if (reason !== undefined) await (await browser.$('//label[starts-with(normalize-space(), "Why it changes")]/following-sibling::textarea[1]')).setValue(reason);
  await (await byName(browser, 'Save agreement')).click();
  await browser.waitUntil(async () => /(Agreed|Changed) at this discussion/.test(await textContent(browser, '[data-testid="agreement-status"]')), {
    timeout: 10000,
    timeoutMsg: 'the agreement should be saved',
  });
}

/**
 * On a meeting's page, adds a case with its reason and presenter (as the picker shows them) and,
 * if given, colleagues presenting with them (by name), then waits for it on the agenda.
 */
export async function addCaseItem(browser, { reference, reason, presenter, presentingWith = [] }) {
  await (await byName(browser, 'Add a case')).click();
  await fill(browser, 'Reference (required)', reference);
  await fill(browser, 'Reason for discussion', reason);
  await (await field(browser, 'Presenter')).selectByVisibleText(presenter);
  for (const name of presentingWith) {
    await (await browser.$(`//fieldset[legend[normalize-space()="Presenting with (optional)"]]//label[contains(., "${name}")]`)).click();
  }
  await (await byName(browser, 'Add to agenda')).click();
  await (await browser.$(`strong=${reference}`)).waitForDisplayed({ timeout: 10000 });
}

/**
 * Starts the meeting and moves from matters arising to the case `reference`, with its record
 * showing and the part `testId` of it on screen.
 */
export async function startAtCase(browser, reference, testId) {
  await (await byName(browser, 'Start meeting')).click();
  await recordTab(browser);
  await browser.keys(['Alt', 'ArrowRight']);
  await browser.waitUntil(async () => (await textContent(browser, '#current-title')) === reference, { timeout: 10000, timeoutMsg: 'the case is on screen' });
  await recordTab(browser);
  await (await browser.$(`[data-testid="${testId}"]`)).waitForDisplayed({ timeout: 10000 });
}

/** Plans another meeting of the Riverside series from the Meetings screen, typing its date the UK
 * way ("16/03/2026"), and waits for its page. */
export async function planAnotherMeeting(browser, title, ukDate) {
  await (await browser.$('a=Meetings')).click();
  const plan = await byName(browser, 'Plan a meeting');
  await plan.waitForEnabled({ timeout: 10000 });
  await browser.pause(300);
  await plan.click();
  await fill(browser, 'Title (required)', title);
  await fill(browser, 'Team or series (required)', 'Riverside Neighbourhood MDT');
  await fill(browser, 'Date (required)', ukDate);
  await fill(browser, 'Start time', '13:00');
  await (await byName(browser, 'Create meeting')).click();
  await (await browser.$(`h1=${title}`)).waitForDisplayed({ timeout: 10000 });
}

/** An element's text whether or not it is scrolled into view (WebDriver's getText gives only what shows). */
export async function textContent(browser, selector) {
  return ((await (await browser.$(selector)).getProperty('textContent')) ?? '').trim();
}

/**
 * Waits until the case record says it is saved, with nothing held back, and stays so past the
 * autosave's pause: WebDriver types slowly on a busy machine, so a save can go in half-way
 * through the typing and the rest a moment later.
 */
export async function waitSaved(browser) {
  let last = '';
  const saved = () =>
    browser
      .waitUntil(async () => /^Saved at \d\d:\d\d:\d\d$/.test((last = await textContent(browser, '[data-testid="save-state"]'))), { timeout: 10000 })
      .catch(() => {
        throw new Error(`the record should say it is saved, with nothing held back; it says: ${last}`);
      });
  await saved();
  await browser.pause(800);
  await saved();
}

/** In the chair view, shows the minute-taker's record of the current item (a started meeting opens on attendance). */
export async function recordTab(browser) {
  const tab = await browser.$('//button[@role="tab" and (normalize-space()="Case record" or normalize-space()="This item")]');
  await tab.waitForDisplayed({ timeout: 10000 });
  await tab.click();
}

/** axe-core's own script, injected into the window by `accessibilityProblems`. */
const AXE_SOURCE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * The serious and critical accessibility problems axe-core finds in the window as it is now (a
 * screen, or a screen with a dialog open), each as "rule: what it asks (the elements)". axe is
 * injected by WebDriver for the check only: the app ships without it. Every rule axe runs by
 * default is on (WCAG 2.0–2.2 A and AA and axe's best practices); none is switched off.
 */
export async function accessibilityProblems(browser) {
  // Let the page settle (fonts, transitions) so colours and sizes are the ones a person sees.
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if (!(await browser.execute(() => typeof window.axe === 'object'))) {
    await browser.execute(`${AXE_SOURCE}\n;return true;`);
  }
  // A JSON string, not an object: WebDriver would take an object with an `error` key as its own error.
  const json = await browser.execute(() =>
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) =>
        JSON.stringify(
          r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) })),
        ),
      ),
  );
  return JSON.parse(json).map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 6).join('\n    ')}${v.nodes.length > 6 ? `\n    …and ${v.nodes.length - 6} more` : ''}`);
}

/** Fails, listing them, when axe-core finds serious or critical problems in the window now. */
export async function assertAccessible(browser, where) {
  const problems = await accessibilityProblems(browser);
  if (problems.length) throw new Error(`axe-core: ${problems.length} serious or critical problem(s) on ${where}:\n  ${problems.join('\n  ')}`);
}
