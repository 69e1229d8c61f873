// End-to-end: signing a message for pasting and checking one, through the real app. What is
// copied is read back from the X clipboard as another program would, and checked independently
// with the `aopp` command line.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Driver, freshProfile, importWallet, ROOT, screenshot } from './harness.mjs';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const AOPP = join(ROOT, 'target/debug/aopp');
const MESSAGE = 'Bitvavo: Ich bestätige, dass diese Adresse mir gehört. Zürich, 1.12.2026';

let driver;
let session;

before(async () => {
  const { env } = freshProfile('sign');
  driver = await Driver.start(env);
  session = await driver.launch();
  await importWallet(session, ABANDON);
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
});

/** What the X clipboard holds, read as another application would. */
function clipboard() {
  return execFileSync('xclip', ['-o', '-selection', 'clipboard']).toString();
}

/** `aopp verify`'s answer, as an exchange's own check would give it. */
function independentlyVerified(asset, address, message, signature) {
  const run = spawnSync(AOPP, ['verify', '--asset', asset, address, message, signature], { encoding: 'utf8' });
  return JSON.parse(run.stdout);
}

/**
 * Puts `text` into a text field as a paste does (WebDriver's typing turns no newline into a
 * line break, and these texts have several).
 */
async function paste(testid, text) {
  await session.execute(
    "const field = document.querySelector(`[data-testid=${arguments[0]}]`); field.value = arguments[1]; field.dispatchEvent(new Event('input', { bubbles: true }));",
    [testid, text],
  );
}

async function click(testid) {
  await (await session.find(`[data-testid=${testid}]`)).click();
}

/** Signs what is on the form and returns the result's address, signature and scheme. */
async function signOnScreen() {
  const previous = await session.execute(
    "const r = document.querySelector('[data-testid=sign-result]'); return r ? r.dataset.recordId : null",
  );
  await click('sign-submit');
  const result = await session.until('a new signature', async () => {
    const [shown] = await session.findAll('[data-testid=sign-result]');
    return shown && (await shown.attribute('data-record-id')) !== previous ? shown : null;
  });
  return {
    scheme: await result.attribute('data-scheme'),
    address: await (await session.find('[data-testid=signed-address]')).attribute('data-address'),
    path: await session.text('[data-testid=signed-path]'),
    signature: await session.text('[data-testid=signed-signature]'),
  };
}

let first;

test('a message with non-ASCII text is shown as it will be signed, signed with a fresh address, copied, and verifies elsewhere', async () => {
  await click('open-sign');
  await (await session.find('[data-testid=sign-message]')).type(MESSAGE);
  assert.equal(await session.text('[data-testid=sign-preview]'), MESSAGE);
  assert.match(await session.text('[data-testid=sign-non-ascii]'), /ä \(U\+00E4\), ö \(U\+00F6\), ü \(U\+00FC\)/);
  first = await signOnScreen();
  assert.equal(first.scheme, 'electrum', 'the default for a native SegWit address');
  assert.equal(first.path, "m/84'/0'/0'/0/0");
  await screenshot(session, 'sign-result');
  await click('copy-signature');
  await session.find('[data-testid=copied]');
  assert.equal(clipboard(), first.signature);
  const verified = independentlyVerified('btc', first.address, MESSAGE, clipboard());
  assert.deepEqual([verified.valid, verified.scheme], [true, 'electrum']);
});

test('the same address, chosen from those used before, signs in BIP-322 too', async () => {
  await click('sign-source-used');
  await click('sign-scheme-bip322');
  const again = await signOnScreen();
  assert.equal(again.address, first.address);
  assert.equal(again.scheme, 'bip322');
  const verified = independentlyVerified('btc', again.address, MESSAGE, again.signature);
  assert.deepEqual([verified.valid, verified.scheme], [true, 'bip322']);
});

test('BIP-137 and prefixed BIP-322 signatures of the same address verify as what they are', async () => {
  for (const scheme of ['bip137', 'bip322-smp']) {
    await click(`sign-scheme-${scheme}`);
    const signed = await signOnScreen();
    assert.equal(signed.scheme, scheme);
    assert.equal(signed.address, first.address);
    const verified = independentlyVerified('btc', signed.address, MESSAGE, signed.signature);
    assert.deepEqual([verified.valid, verified.scheme], [true, scheme]);
  }
});

test('a message shown as a QR code is read from a picked image, exactly', async () => {
  const text = 'Kraken verification 2026-12-01: sign exactly this line. Réf. 55';
  const png = join(mkdtempSync(join(tmpdir(), 'aopp-sign-qr-')), 'message.png');
  execFileSync('qrencode', ['-s', '6', '-o', png, text]);
  await (await session.find('[data-testid=sign-image-input]')).type(png);
  await session.until('the message from the code', async () => (await session.text('[data-testid=sign-preview]').catch(() => '')) === text);
  const signed = await signOnScreen();
  const verified = independentlyVerified('btc', signed.address, text, signed.signature);
  assert.equal(verified.valid, true);
  await paste('sign-message', MESSAGE);
});

test('a message shown as a QR code in another window is read from the screen', async () => {
  const text = 'OKX ownership check: I own this address. Nonce 9f41, São Paulo';
  const png = join(mkdtempSync(join(tmpdir(), 'aopp-sign-screen-')), 'message.png');
  execFileSync('qrencode', ['-s', '6', '-o', png, text]);
  // An image viewer on the X screen, as the exchange's page would be in a browser.
  const viewer = spawn('display', ['-geometry', '+40+40', '-title', 'Exchange verification page', png], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await click('sign-from-screen');
    await session.until('the message from the screen', async () => (await session.text('[data-testid=sign-preview]').catch(() => '')) === text, 20000);
  } finally {
    viewer.kill();
  }
  assert.equal((await session.findAll('[data-testid=sign-error]')).length, 0);
  const signed = await signOnScreen();
  assert.equal(independentlyVerified('btc', signed.address, text, signed.signature).valid, true);
  await paste('sign-message', MESSAGE);
});

test('an Ether message is signed in EIP-191 and given as 0x hex', async () => {
  await click('sign-eth');
  await click('sign-source-fresh');
  const signed = await signOnScreen();
  assert.equal(signed.scheme, 'eip191');
  assert.match(signed.signature, /^0x[0-9a-f]{130}$/);
  const verified = independentlyVerified('eth', signed.address, MESSAGE, signed.signature);
  assert.deepEqual([verified.valid, verified.scheme], [true, 'eip191']);
});

test('a Sign-In with Ethereum text is shown as a login and needs a second yes', async () => {
  await paste('sign-message', 'evil.example wants you to sign in with your Ethereum account:\n0x9858EfFD232B4033E47d90003D41EC34EcaEda94\n\nURI: https://evil.example\nVersion: 1\nChain ID: 1\nNonce: 12345678\nIssued At: 2026-12-01T09:00:00Z');
  assert.match(await session.text('[data-testid=sign-in-warning]'), /logs whoever holds the signature in to evil\.example/);
  assert.equal(await (await session.find('[data-testid=sign-submit]')).enabled(), false);
  await screenshot(session, 'sign-in-warning');
  await click('sign-in-confirm');
  assert.equal(await (await session.find('[data-testid=sign-submit]')).enabled(), true);
  await click('close-sign');
  await session.find('[data-testid=home]');
});

test('the Verify screen names the scheme of a pasted signed-message block, and refuses a changed one', async () => {
  await click('open-verify');
  const armored = `-----BEGIN BITCOIN SIGNED MESSAGE-----\n${MESSAGE}\n-----BEGIN SIGNATURE-----\n${first.address}\n${first.signature}\n-----END BITCOIN SIGNED MESSAGE-----\n`;
  await paste('verify-message', armored);
  await click('verify-submit');
  const result = await session.find('[data-testid=verify-result]');
  assert.deepEqual([await result.attribute('data-valid'), await result.attribute('data-scheme')], ['true', 'electrum']);
  await screenshot(session, 'verify');
  await paste('verify-message', armored.replace('Zürich', 'Zurich'));
  await click('verify-submit');
  await session.until('the refusal', async () => (await (await session.find('[data-testid=verify-result]')).attribute('data-valid')) === 'false');
  await click('close-verify');
});

test('History lists the messages signed for pasting', async () => {
  await click('open-history');
  await session.find('[data-testid=signed-row]');
  const rows = await session.findAll('[data-testid=signed-row]');
  assert.equal(rows.length, 7, 'electrum, bip322, bip137, bip322-smp, the picked and the on-screen QR messages, eip191');
  await click('close-history');
});
