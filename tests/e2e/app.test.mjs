// End-to-end: the real app, driven through WebKitWebDriver, with the real Secret Service.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { APP, Driver, freshProfile, LAUNCHER, launchAgain, screenshot } from './harness.mjs';
import { sleep } from './webdriver.mjs';

/** An aopp: link built by a standard form encoder. */
function link(message, host = 'vasp.example', asset = 'btc', format = 'any') {
  const query = new URLSearchParams({ v: '0', msg: message, asset, format, callback: `https://${host}/proofs/${encodeURIComponent(message.slice(0, 8))}` });
  return `aopp:?${query}`;
}

const COLD = link('Cold start: I confirm this address.\nNonce 11', 'cold.example');
const RUNNING = link('Running instance: nonce 22', 'running.example');
const QUICK_A = link('Quick A: nonce 33', 'quick-a.example');
const QUICK_B = link('Quick B: nonce 44', 'quick-b.example');
const MALFORMED = 'aopp:?v=1&msg=hello&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fp';
const XDG_LINK = link('Opened by xdg-open: nonce 55', 'xdg.example');
const GIO_LINK = link('Opened by gio: nonce 66', 'gio.example');

const IMPORTED = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const IMPORTED_PASSPHRASE = 'correct horse battery';

let driver;
let session;
/** Every phrase the suite stored, with its passphrase, for the leak scan at the end. */
const secrets = [];

let env;

before(async () => {
  ({ env } = freshProfile('app'));
  driver = await Driver.start(env);
  env = driver.env;
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
});

async function requestHosts() {
  const total = Number((await session.text('[data-testid=queue-position]')).split(' of ')[1]);
  return total;
}

/** Rejects the request on screen and returns its host, or the error code of a malformed link. */
async function dismissCurrent() {
  const view = await session.find('[data-testid=request]');
  const host = await session.execute(
    "const h = document.querySelector('[data-testid=request-host]'); const e = document.querySelector('[data-testid=link-error]'); return h ? h.textContent : 'error:' + e.dataset.code;",
  );
  const id = await view.attribute('data-link-id');
  await (await session.find('[data-testid=dismiss]')).click();
  await session.until(`request ${id} to leave`, async () => {
    const views = await session.findAll(`[data-testid=request][data-link-id="${id}"]`);
    return views.length === 0;
  });
  return host;
}

test('a link on cold start waits until a wallet exists', async () => {
  session = await driver.launch([COLD]);
  await session.find('[data-testid=welcome]');
  assert.match(await session.text('[data-testid=waiting-notice]'), /A request is waiting/);
  await screenshot(session, 'welcome');
});

test('create: 24 words shown once, then three of them typed back', async () => {
  await (await session.find('[data-testid=create]')).click();
  const words = await session.until('24 words', async () => {
    const items = await session.findAll('[data-testid=phrase-words] .word');
    return items.length === 24 ? Promise.all(items.map((item) => item.text())) : null;
  });
  await screenshot(session, 'create-phrase');
  const continueButton = await session.find('[data-testid=to-check]');
  assert.equal(await continueButton.enabled(), false, 'continue waits for the written-down box');
  await (await session.find('[data-testid=written-down]')).click();
  await continueButton.click();

  const inputs = await session.findAll('input[data-testid^=quiz-]');
  assert.equal(inputs.length, 3);
  assert.equal((await session.findAll('[data-testid=phrase-words]')).length, 0, 'words are gone from the page');
  // A wrong answer first: refused, nothing stored.
  for (const input of inputs) await input.type('zzz');
  await (await session.find('[data-testid=confirm-backup]')).click();
  assert.match(await session.text('[data-testid=create-error]'), /do not match/);
  for (const input of inputs) {
    const position = Number((await input.attribute('data-testid')).slice('quiz-'.length));
    await input.clear();
    await input.type(words[position - 1]);
  }
  await screenshot(session, 'create-check');
  await (await session.find('[data-testid=confirm-backup]')).click();
  secrets.push({ phrase: words.join(' '), passphrase: '' });

  // The cold-start link is shown once the wallet exists.
  assert.equal(await session.text('[data-testid=request-host]'), 'cold.example');
  assert.equal(
    await session.text('[data-testid=request-message]'),
    'Cold start: I confirm this address.↵\nNonce 11',
  );
  await screenshot(session, 'request');
});

test('a link reaches the running instance, which comes to the front', async () => {
  // Through the launcher, as a clicked link (the desktop entry runs it).
  const second = await launchAgain([RUNNING], LAUNCHER, env);
  assert.equal(second.code, 0, `second launch exits after handing over: ${second.output}`);
  await session.until('2 requests', async () => (await requestHosts()) === 2);
  assert.equal(await session.text('[data-testid=request-host]'), 'cold.example', 'arrival order');
});

test('two links in quick succession are both queued', async () => {
  // One through the launcher, one through the app binary itself (started by hand).
  const [a, b] = await Promise.all([launchAgain([QUICK_A], LAUNCHER, env), launchAgain([QUICK_B], APP, env)]);
  assert.equal(a.code, 0);
  assert.equal(b.code, 0);
  await session.until('4 requests', async () => (await requestHosts()) === 4);
  const hosts = [];
  for (let i = 0; i < 4; i++) hosts.push(await dismissCurrent());
  assert.deepEqual(hosts.slice(0, 2), ['cold.example', 'running.example']);
  assert.deepEqual([...hosts.slice(2)].sort(), ['quick-a.example', 'quick-b.example']);
  await session.find('[data-testid=no-requests]');
});

test("a malformed link shows the parser's error in plain words", async () => {
  await launchAgain([MALFORMED], APP, env);
  const error = await session.find('[data-testid=link-error]');
  assert.equal(await error.attribute('data-code'), 'unsupported_version');
  assert.match(await error.text(), /protocol version this wallet does not know/);
  await screenshot(session, 'link-error');
  assert.equal(await dismissCurrent(), 'error:unsupported_version');
});

test('xdg-open and gio open hand aopp: links to the app', async () => {
  const handler = execFileSync('xdg-mime', ['query', 'default', 'x-scheme-handler/aopp'], { env }).toString().trim();
  assert.equal(handler, 'aopp-wallet.desktop', 'the app registered itself on first start');
  const desktop = readFileSync(join(env.XDG_DATA_HOME, 'applications/aopp-wallet.desktop'), 'utf8');
  assert.match(desktop, /^Exec=\/\S+\/aopp-wallet-open %u$/m, 'the launcher, unquoted for Debian 12 xdg-utils');

  await launchAgain([XDG_LINK], 'xdg-open', env);
  assert.equal(await session.until('xdg link', () => session.text('[data-testid=request-host]')), 'xdg.example');
  await dismissCurrent();
  await launchAgain(['open', GIO_LINK], 'gio', env);
  assert.equal(await session.until('gio link', () => session.text('[data-testid=request-host]')), 'gio.example');
  await dismissCurrent();
});

test('restart keeps the wallet', async () => {
  session = await driver.relaunch(session);
  await session.find('[data-testid=home]');
  await screenshot(session, 'home');
});

test('settings: network, handler, recovery phrase, delete', async () => {
  await (await session.find('[data-testid=open-settings]')).click();
  assert.match(await session.text('[data-testid=handler-status]'), /AOPP Wallet opens aopp: links/);
  await screenshot(session, 'settings');
  await (await session.find('[data-testid=show-phrase]')).click();
  await (await session.find('[data-testid=confirm-show-phrase]')).click();
  const shown = await session.until('revealed words', async () => {
    const items = await session.findAll('[data-testid=revealed-words] .word');
    return items.length === 24 ? (await Promise.all(items.map((item) => item.text()))).join(' ') : null;
  });
  assert.equal(shown, secrets[0].phrase);
  await (await session.find('[data-testid=hide-phrase]')).click();

  const remove = await session.find('[data-testid=delete-wallet]');
  assert.equal(await remove.enabled(), false);
  await (await session.find('[data-testid=delete-confirmation]')).type('delete my wallet');
  await remove.click();
  await session.find('[data-testid=welcome]');
});

test('import: completion, checksum while typing, passphrase', async () => {
  await (await session.find('[data-testid=import]')).click();
  const input = await session.find('[data-testid=phrase-input]');
  await input.type('legal winner thank year wave sausage worth useful legal winner thank yel');
  const suggestion = await session.find('[data-testid=suggestion]');
  assert.equal(await suggestion.text(), 'yellow');
  await suggestion.click();
  await session.until('valid phrase', async () => /valid phrase/.test(await session.text('[data-testid=phrase-state]')));

  await input.clear();
  await input.type(IMPORTED.replace('yellow', 'year'));
  await session.until('checksum error', async () =>
    /do not form a valid phrase/.test(await session.text('[data-testid=phrase-state]')),
  );
  assert.equal(await (await session.find('[data-testid=import-submit]')).enabled(), false);

  await input.clear();
  await input.type(`${IMPORTED} `);
  await (await session.find('[data-testid=use-passphrase]')).click();
  await (await session.find('[data-testid=passphrase-input]')).type(IMPORTED_PASSPHRASE);
  await session.until('valid phrase', async () => /valid phrase/.test(await session.text('[data-testid=phrase-state]')));
  await screenshot(session, 'import');
  await (await session.find('[data-testid=import-submit]')).click();
  secrets.push({ phrase: IMPORTED, passphrase: IMPORTED_PASSPHRASE });
  await session.find('[data-testid=home]');
});

test('the keyring holds the phrase; no file, log or webview storage does', async () => {
  await session.end();
  session = undefined;
  await sleep(500);

  // The keyring item, read back through the Secret Service itself.
  const stored = JSON.parse(
    execFileSync('secret-tool', ['lookup', 'service', 'aopp-wallet', 'username', 'recovery-phrase']).toString(),
  );
  assert.equal(stored.mnemonic, IMPORTED);
  assert.equal(stored.passphrase, IMPORTED_PASSPHRASE);

  const needles = [];
  for (const { phrase, passphrase } of secrets) {
    const words = phrase.split(' ');
    for (let i = 0; i + 3 <= words.length; i++) {
      needles.push(words.slice(i, i + 3).join(' '), JSON.stringify(words.slice(i, i + 3)).slice(1, -1));
    }
    needles.push(pbkdf2Sync(phrase, `mnemonic${passphrase}`, 2048, 64, 'sha512').toString('hex'));
    if (passphrase) needles.push(passphrase);
  }
  const dirs = [env.XDG_DATA_HOME, env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME];
  const files = dirs.flatMap((dir) => walk(dir)).filter((file) => !file.includes('/keyrings/'));
  assert.ok(files.some((file) => file.includes('org.aoppwallet.desktop')), 'the app wrote its data where we look');
  const hits = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le']) {
        if (bytes.includes(Buffer.from(needle, encoding))) hits.push(`${file}: ${needle.slice(0, 12)}… (${encoding})`);
      }
    }
  }
  const output = driver.output;
  for (const needle of needles) if (output.includes(needle)) hits.push(`app output: ${needle.slice(0, 12)}…`);
  assert.deepEqual(hits, [], `secrets found outside the keyring in ${files.length} files`);
});

function walk(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) found.push(...walk(path));
    else if (stat.isFile()) found.push(path);
  }
  return found;
}
