// End-to-end: the wallet speaks the language of the system's locale. One request is confirmed,
// delivered and its outcome shown, then Receive opened, in English and in each other language
// (each started with the locale variables a desktop session sets); every text on those screens
// that is not data (marked translate="no": the exchange's message, addresses, domains) must
// differ from the English screen's, unless the language writes it the same way itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { APP, approveOnScreen, Driver, freshProfile, launchAgain, screenshot } from './harness.mjs';
import { texts } from './locales.mjs';
import { Vasp } from './vasp.mjs';

const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

// Each language as a desktop session would ask for it: the ways gettext reads the locale.
const LANGUAGES = [
  { tag: 'en', env: { LANG: 'C.UTF-8' } },
  { tag: 'de', env: { LANG: 'de_DE.UTF-8' } },
  { tag: 'de-CH', env: { LANG: 'en_US.UTF-8', LC_ALL: 'de_CH.UTF-8' } },
  { tag: 'fr', env: { LANG: 'en_US.UTF-8', LC_MESSAGES: 'fr_CH.UTF-8' } },
  { tag: 'it', env: { LANG: 'en_US.UTF-8', LANGUAGE: 'it_CH:en' } },
];

/** The page's words: text and named attributes, outside anything marked translate="no". */
const READ_WORDS = `
  const found = new Set();
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent.replace(/\\s+/g, ' ').trim();
      if (/\\p{L}{2}/u.test(text)) found.add(text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.getAttribute('translate') === 'no') return;
    if (['SCRIPT', 'STYLE'].includes(node.tagName)) return;
    for (const name of ['alt', 'aria-label', 'placeholder', 'title']) {
      const value = node.getAttribute(name);
      if (value && /\\p{L}{2}/u.test(value)) found.add(value.trim());
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(document.body);
  return [...found];`;

let vasp;
let profile;
const english = {};

before(async () => {
  profile = freshProfile('languages');
  vasp = await Vasp.start(profile.home);
  const stored = spawnSync(
    'secret-tool',
    ['store', '--label=AOPP Wallet', 'service', 'aopp-wallet', 'username', 'recovery-phrase'],
    { input: JSON.stringify({ mnemonic: PHRASE, passphrase: '' }) },
  );
  assert.equal(stored.status, 0, String(stored.stderr));
});

after(() => vasp?.stop());

/** Confirms, delivers and receives in `language`; returns each screen's words. */
async function walk({ tag, env }) {
  const clean = { LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };
  const driver = await Driver.start({ ...profile.env, ...clean, ...env, AOPP_WALLET_EXTRA_CA: vasp.caPath });
  const session = await driver.launch();
  const words = {};
  try {
    await session.find('[data-testid=home]');
    assert.equal(await session.execute('return document.documentElement.lang'), tag, 'the language of the locale');

    const link = await vasp.link('btc', 'any');
    await launchAgain([link.link], APP, driver.env);
    await session.find('[data-testid=proof-address]');
    // Data is shown as it came, never translated.
    assert.equal(await session.text('[data-testid=request-message]'), link.msg);
    assert.equal(await session.text('[data-testid=request-domain]'), 'localhost');
    words.confirm = await session.execute(READ_WORDS);
    if (tag !== 'en') await screenshot(session, `confirm-${tag}`);

    const outcome = await approveOnScreen(session);
    assert.equal(await outcome.attribute('data-status'), 'accepted');
    words.outcome = await session.execute(READ_WORDS);
    if (tag !== 'en') await screenshot(session, `outcome-${tag}`);

    await (await session.find('[data-testid=outcome-done]')).click();
    await (await session.find('[data-testid=open-receive]')).click();
    await session.find('[data-testid=receive-address]');
    words.receive = await session.execute(READ_WORDS);
    if (tag !== 'en') await screenshot(session, `receive-${tag}`);
  } finally {
    await session.end().catch(() => {});
    await driver.stop();
  }
  return words;
}

for (const language of LANGUAGES) {
  test(`${language.tag}: the confirmation, the outcome and Receive in the locale's language`, async () => {
    const words = await walk(language);
    if (language.tag === 'en') {
      Object.assign(english, words);
      assert.ok(words.confirm.includes('Approve and send'), words.confirm.join(' | '));
      return;
    }
    assert.ok(english.confirm, 'the English screens were read first');
    const own = await texts(language.tag);
    for (const screen of ['confirm', 'outcome', 'receive']) {
      const left = words[screen].filter((text) => english[screen].includes(text) && !own.has(text));
      assert.deepEqual(left, [], `${language.tag} ${screen}: English left on the screen`);
      assert.ok(words[screen].length >= 5, `${screen}: ${words[screen].join(' | ')}`);
    }
    if (language.tag === 'de-CH') {
      const all = [...words.confirm, ...words.outcome, ...words.receive].join('\n');
      assert.doesNotMatch(all, /ß/, 'Swiss German writes ss');
      assert.ok(words.outcome.some((text) => text.includes('hat die Adresse bestätigt')), words.outcome.join(' | '));
    }
  });
}
