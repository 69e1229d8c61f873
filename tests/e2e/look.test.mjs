// End-to-end: the looks a user can ask for. The system's dark theme, the keyboard alone, and the
// window zoomed to 200% with Ctrl+= (nothing cut off, no sideways scrolling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Driver, freshProfile, importWallet, screenshot } from './harness.mjs';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const TAB = '\uE004';
const ENTER = '\uE007';
const CONTROL = '\uE009';
const RELEASE = '\uE000';

let driver;
let session;

before(async () => {
  const { env } = freshProfile('look');
  // A dark GTK theme: WebKitGTK reports it to the page as prefers-color-scheme: dark.
  driver = await Driver.start({ ...env, GTK_THEME: 'Adwaita:dark' });
  session = await driver.launch();
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
});

/** The page's background as [r, g, b]. */
async function background() {
  const css = await session.execute('return getComputedStyle(document.body).backgroundColor');
  return css.match(/\d+/g).slice(0, 3).map(Number);
}

test('the dark system theme gives the dark colours', async () => {
  await session.find('[data-testid=welcome]');
  assert.equal(await session.execute("return matchMedia('(prefers-color-scheme: dark)').matches"), true);
  const [r, g, b] = await background();
  assert.ok(r + g + b < 3 * 64, `a dark background, not rgb(${r}, ${g}, ${b})`);
  await screenshot(session, 'welcome-dark');
});

test('the keyboard alone reaches and presses the buttons, with a visible focus ring', async () => {
  // From the page, Tab moves to the first button, then the second; Enter presses it.
  await session.execute('document.activeElement?.blur()');
  const seen = [];
  for (let i = 0; i < 2; i++) {
    await (await session.active()).type(TAB);
    seen.push(await session.execute('return document.activeElement.textContent.trim()'));
  }
  assert.deepEqual(seen, ['Create a new wallet', 'I have a recovery phrase']);
  const ring = await session.execute('return getComputedStyle(document.activeElement).outlineStyle');
  assert.notEqual(ring, 'none', 'the focused button shows it');
  await (await session.active()).type(ENTER);
  await session.find('[data-testid=phrase-input]');
  await (await session.find('[data-testid=import-cancel]')).click();
});

test('zoomed to 200% with Ctrl+=, every screen reflows without sideways scrolling', async () => {
  await importWallet(session, PHRASE);
  const before = await session.execute('return window.innerWidth');
  // Tauri's zoom hotkeys: 20% a press, 100% → 200%.
  for (let i = 0; i < 5; i++) await (await session.active()).type(`${CONTROL}=${RELEASE}`);
  await session.until('the page zoomed to 200%', async () => {
    const width = await session.execute('return window.innerWidth');
    return Math.abs(width * 2 - before) <= 2;
  });
  const overflow = () => session.execute('return document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.equal(await overflow(), 0, 'home');
  await screenshot(session, 'home-200-percent');
  // Buttons are pressed from the keyboard here: WebKitWebDriver's pointer clicks do not take the
  // page zoom into account and land beside them.
  const press = async (testid) => {
    await session.execute(`document.querySelector('[data-testid=${testid}]').focus()`);
    await (await session.active()).type(ENTER);
  };
  for (const [open, close] of [
    ['open-receive', 'close-receive'],
    ['open-history', 'close-history'],
    ['open-settings', 'close-settings'],
  ]) {
    await press(open);
    await session.find(`[data-testid=${close}]`);
    assert.equal(await overflow(), 0, open);
    if (open === 'open-receive') await screenshot(session, 'receive-200-percent');
    await press(close);
    await session.find('[data-testid=home]');
  }
  for (let i = 0; i < 5; i++) await (await session.active()).type(`${CONTROL}-${RELEASE}`);
});
