// End-to-end: confirm, sign, deliver to the local VASP over HTTPS, and lose nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { APP, approveOnScreen, launchAgain, readMessage, ROOT, screenshot, setProxy } from './harness.mjs';
import { startWithVasp } from './vasp.mjs';
import { sleep } from './webdriver.mjs';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let vasp;
let driver;
let session;

before(async () => {
  mkdirSync(join(ROOT, 'target/e2e'), { recursive: true });
  rmSync(join(ROOT, 'target/e2e/proofs.jsonl'), { force: true });
  ({ vasp, driver, session } = await startWithVasp('proofs', ABANDON, { socks5: true }));
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  vasp?.stop();
});

/** Opens `link` as a click would and waits for its confirmation screen. */
async function open(link) {
  const before = await session.execute("return [...document.querySelectorAll('[data-testid=request]')].map((e) => e.dataset.linkId)");
  await launchAgain([link], APP, driver.env);
  await session.until('the confirmation screen', async () => {
    const view = await session.findAll('[data-testid=request]');
    if (view.length !== 1) return false;
    const id = await view[0].attribute('data-link-id');
    return !before.includes(id) && (await session.findAll('[data-testid=proof-address]')).length === 1;
  });
}

async function approve() {
  const outcome = await approveOnScreen(session);
  return {
    status: await outcome.attribute('data-status'),
    outcome: await outcome.attribute('data-outcome'),
    text: await session.text('[data-testid=outcome-text]'),
    address: await session.text('[data-testid=outcome-address]'),
  };
}

async function done() {
  await (await session.find('[data-testid=outcome-done]')).click();
  await session.find('[data-testid=home]');
}

const addresses = [];

test('every asset and format: the exact message and domain are shown, the VASP verifies the proof', async () => {
  const cases = [
    ['btc', 'p2pkh', /^1/],
    ['btc', 'p2sh', /^3/],
    ['btc', 'p2wpkh', /^bc1q/],
    ['btc', 'p2tr', /^bc1p/],
    ['btc', 'any', /^bc1q/],
    ['eth', 'standard', /^0x[0-9a-fA-F]{40}$/],
  ];
  for (const [asset, format, shape] of cases) {
    const link = await vasp.link(asset, format);
    await open(link.link);
    assert.equal(await session.text('[data-testid=request-domain]'), 'localhost');
    assert.equal(await session.text('[data-testid=request-message]'), link.msg);
    if (format === 'p2wpkh') await screenshot(session, 'confirm');
    const result = await approve();
    assert.equal(result.status, 'accepted', `${asset} ${format}: ${result.text}`);
    assert.match(result.address, shape);
    if (format === 'p2wpkh') await screenshot(session, 'outcome-accepted');
    const received = await vasp.received(link.token);
    assert.deepEqual(received.map((entry) => [entry.status, entry.valid]), [[204, true]], `${asset} ${format}`);
    assert.equal(received[0].address, result.address);
    if (asset === 'btc') addresses.push(result.address);
    await done();
  }
});

test('two proofs in a row use two different fresh addresses', async () => {
  const first = await vasp.link('btc', 'p2wpkh');
  await open(first.link);
  const one = await approve();
  await done();
  const second = await vasp.link('btc', 'p2wpkh');
  await open(second.link);
  const two = await approve();
  await done();
  assert.notEqual(one.address, two.address);
  assert.ok(!addresses.includes(one.address) && !addresses.includes(two.address), 'never an address given before');
});

test('Ether: the first account unless the user picks a new one', async () => {
  // m/44'/60'/0'/0/0 of abandon…about, the account where funds usually are.
  const FIRST = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
  const first = await vasp.link('eth', 'standard');
  await open(first.link);
  assert.equal(await (await session.find('[data-testid=eth-first]')).property('checked'), true);
  assert.equal((await approve()).address, FIRST);
  await done();

  const fresh = await vasp.link('eth', 'standard');
  await open(fresh.link);
  const shown = await session.text('[data-testid=proof-address]');
  await (await session.find('[data-testid=eth-new]')).click();
  await session.until('the new account shown', async () => (await session.text('[data-testid=proof-address]')) !== shown);
  const result = await approve();
  assert.equal(result.status, 'accepted');
  assert.match(result.address, /^0x[0-9a-fA-F]{40}$/);
  assert.notEqual(result.address, FIRST);
  assert.deepEqual((await vasp.received(fresh.token)).map((entry) => [entry.address, entry.valid]), [[result.address, true]]);
  await done();
});

test('reject sends nothing', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  await open(link.link);
  await (await session.find('[data-testid=dismiss]')).click();
  await session.find('[data-testid=home]');
  await sleep(500);
  assert.deepEqual(await vasp.received(link.token), []);
});

test('an expired token shows the expiry words', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  const expired = link.link.replace(`proofs%2F${link.token}`, 'proofs%2Fexpired0token');
  assert.notEqual(expired, link.link);
  await open(expired);
  const result = await approve();
  assert.equal(result.status, 'expired');
  assert.match(result.text, /expired or was already used. Get a new one from localhost/);
  await done();
});

test('a callback on a bare IP address is flagged before approval, and still delivered', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  // The same VASP reached by its IP address (its certificate covers 127.0.0.1 too).
  const byIp = link.link.replace('localhost', '127.0.0.1');
  assert.notEqual(byIp, link.link);
  await open(byIp);
  assert.equal(await session.text('[data-testid=request-host]'), '127.0.0.1');
  assert.match(await session.text('[data-testid=ip-warning]'), /bare IP address/);
  assert.equal((await approve()).status, 'accepted');
  assert.deepEqual((await vasp.received(link.token)).map((entry) => entry.valid), [true]);
  await done();

  // A named host gets no such warning.
  const named = await vasp.link('btc', 'p2wpkh');
  await open(named.link);
  assert.equal((await session.findAll('[data-testid=ip-warning]')).length, 0);
  await (await session.find('[data-testid=dismiss]')).click();
  await session.find('[data-testid=home]');
});

test("a 400 shows the server's text", async () => {
  const link = await vasp.link('btc', 'p2wpkh', { network: 'testnet' });
  await open(link.link);
  const result = await approve();
  assert.equal(result.status, 'rejected');
  assert.match(result.text, /rejected the proof as a bad request: “signature does not verify: "bc1q\w+" is not a testnet address”/);
  await screenshot(session, 'outcome-rejected');
  await done();
});

test('each misbehaviour has its own message, leaves a pending proof, and a resend delivers it once', async () => {
  const cases = [
    ['redirect', 'redirected', /tried to send the proof elsewhere \(https:\/\/elsewhere.example\/proofs\)/],
    ['error', 'server_error', /answered with an error \(status 500\): “internal error, try again later”/],
    ['close', 'network', /could not reach localhost/],
    ['huge', 'server_error', /answered with an error \(status 500\): “x{20}/],
    ['hang', 'timeout', /did not answer in time/],
  ];
  for (const [mode, code, words] of cases) {
    const link = await vasp.link('btc', 'p2wpkh', { mode });
    await open(link.link);
    const started = Date.now();
    const result = await approve();
    assert.ok(Date.now() - started < 35000, `${mode} answered within the 30 s limit`);
    assert.equal(result.status, 'pending', mode);
    assert.equal(result.outcome, code, mode);
    assert.match(result.text, words, mode);
    if (mode === 'error') await screenshot(session, 'outcome-pending');
    await vasp.setMode(link.token, 'normal');
    await (await session.find('[data-testid=retry]')).click();
    await session.until(`${mode} resend accepted`, async () => (await (await session.find('[data-testid=outcome]')).attribute('data-status')) === 'accepted');
    const received = await vasp.received(link.token);
    assert.equal(received.filter((entry) => entry.valid).length, 1, `${mode}: delivered once`);
    assert.equal(new Set(received.map((entry) => entry.signature)).size, 1, `${mode}: the same signed payload every time`);
    await done();
  }
});

test('through the SOCKS5 proxy set in Settings, and never around it when it is down', async () => {
  await setProxy(session, vasp.socks5);
  const link = await vasp.link('btc', 'p2wpkh');
  await open(link.link);
  assert.equal((await approve()).status, 'accepted');
  const host = new URL(vasp.url).host;
  assert.deepEqual(await vasp.proxied(), [host], 'the proxy was asked for the callback by name');
  await done();

  // The proxy goes away: a network fault, the proof waits, nothing reached the VASP directly.
  const dead = await vasp.link('btc', 'p2wpkh');
  await setProxy(session, 'socks5://127.0.0.1:9');
  await open(dead.link);
  const result = await approve();
  assert.equal(result.status, 'pending');
  assert.equal(result.outcome, 'network');
  assert.deepEqual(await vasp.received(dead.token), []);
  // Without the proxy, the same proof is delivered.
  await done();
  await setProxy(session, '');
  await (await session.find(`[data-testid=pending-proof]`)).click();
  await (await session.find('[data-testid=retry]')).click();
  await session.until('resend accepted', async () => (await vasp.received(dead.token)).some((entry) => entry.valid));
  assert.deepEqual(await vasp.proxied(), [host], 'no second proxied connection');
  await done();
});

test('killed mid-POST, the app shows the pending proof after restart and delivers the same signature', async () => {
  const link = await vasp.link('btc', 'p2tr', { mode: 'hang' });
  await open(link.link);
  await readMessage(session);
  const approveButton = await session.find('[data-testid=approve]');
  await session.until('approve enabled', () => approveButton.enabled());
  await approveButton.click();
  await session.until('the POST reaches the VASP', async () => (await vasp.received(link.token)).length === 1, 15000);
  execFileSync('pkill', ['-KILL', '-f', APP]);
  await session.end().catch(() => {});
  session = undefined;
  await vasp.setMode(link.token, 'normal');

  session = await driver.launch();
  const pending = await session.find('[data-testid=pending-proof]');
  await screenshot(session, 'home-pending');
  await pending.click();
  assert.equal(await (await session.find('[data-testid=outcome]')).attribute('data-status'), 'pending');
  await (await session.find('[data-testid=retry]')).click();
  await session.until('resend accepted', async () => (await (await session.find('[data-testid=outcome]')).attribute('data-status')) === 'accepted');
  const received = await vasp.received(link.token);
  assert.equal(received.length, 2);
  assert.equal(received[1].valid, true);
  assert.equal(received[1].signature, received[0].signature, 'the signature was not made again');
  await done();
});

test('a link opened a second time shows the proof already sent and signs nothing', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  await open(link.link);
  const first = await approve();
  assert.equal(first.status, 'accepted', first.text);
  await done();

  // Clicked again, or re-opened from the browser's history.
  await launchAgain([link.link], APP, driver.env);
  await session.find('[data-testid=already-proven]');
  assert.equal((await session.findAll('[data-testid=approve]')).length, 0, 'nothing to approve');
  assert.equal(await (await session.find('[data-testid=existing-status]')).attribute('data-status'), 'accepted');
  assert.equal(
    (await session.text('[data-testid=existing-address]')).replaceAll(' ', ''),
    first.address.replaceAll(' ', ''),
  );
  await screenshot(session, 'already-proven');
  await (await session.find('[data-testid=dismiss]')).click();
  await session.find('[data-testid=home]');
  assert.equal((await vasp.received(link.token)).length, 1, 'one link, one proof');
});

test('an Ether link whose message is a Sign-In with Ethereum login is refused, not signed', async () => {
  const msg = [
    'evil.example wants you to sign in with your Ethereum account:',
    '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
    '',
    'URI: https://evil.example/login',
    'Version: 1',
    'Chain ID: 1',
    'Nonce: 32891756',
    'Issued At: 2026-12-01T09:00:00Z',
  ].join('\n');
  const query = new URLSearchParams({ v: '0', msg, asset: 'eth', format: 'standard', callback: 'https://evil.example/p' });
  await launchAgain([`aopp:?${query}`], APP, driver.env);
  const error = await session.find('[data-testid=link-error]');
  assert.equal(await error.attribute('data-code'), 'sign_in_message');
  assert.match(await error.text(), /Sign-In with Ethereum/);
  await screenshot(session, 'link-sign-in');
  await (await session.find('[data-testid=dismiss]')).click();
  await session.find('[data-testid=home]');
});

test('a link asking for the xpub gets it only when the user ticks the box', async () => {
  const declined = await vasp.link('btc', 'p2wpkh', { xpub_required: true });
  await open(declined.link);
  const box = await session.find('[data-testid=send-xpub]');
  assert.equal(await box.property('checked'), false, 'off by default');
  assert.match(await session.text('[data-testid=xpub-request]'), /every address of the account/);
  assert.equal((await approve()).status, 'accepted');
  assert.deepEqual((await vasp.received(declined.token)).map((entry) => entry.xpub), [null]);
  await done();

  const agreed = await vasp.link('btc', 'p2wpkh', { xpub_required: true });
  await open(agreed.link);
  await (await session.find('[data-testid=send-xpub]')).click();
  assert.match(await session.text('[data-testid=leaves]'), /extended public key/);
  await screenshot(session, 'confirm-xpub');
  assert.equal((await approve()).status, 'accepted');
  // BIP-84's account xpub of the abandon phrase (m/84'/0'/0').
  assert.deepEqual((await vasp.received(agreed.token)).map((entry) => entry.xpub), [
    'xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V',
  ]);
  await done();
});

test('a 1024-character message with +&=% and newlines is signed as sent', async () => {
  const line = 'Verify +&=% 100% sure; a=b&c+d. ';
  let msg = '';
  while (msg.length < 1024) msg += msg.length % 97 < 3 ? '\n' : line;
  msg = msg.slice(0, 1024);
  assert.equal(msg.length, 1024);
  const link = await vasp.link('btc', 'p2wpkh', { msg });
  await open(link.link);
  const approveButton = await session.find('[data-testid=approve]');
  assert.equal(await approveButton.enabled(), false, 'approve waits until the whole message was seen');
  const result = await approve();
  assert.equal(result.status, 'accepted', result.text);
  const received = await vasp.received(link.token);
  assert.equal(received[0].valid, true);
  await done();
});

test('history lists the proofs newest first and exports them', async () => {
  await (await session.find('[data-testid=open-history]')).click();
  await session.find('[data-testid=history-row]'); // the history loads after the screen opens
  const rows = await session.findAll('[data-testid=history-row]');
  assert.ok(rows.length >= 15, `${rows.length} proofs`);
  assert.equal(await rows[0].attribute('data-status'), 'accepted');
  await screenshot(session, 'history');
  await (await session.find('[data-testid=export-csv]')).click();
  assert.match(await session.text('[data-testid=exported]'), /aopp-wallet-history\.csv/);
  // A second export never overwrites the first.
  await (await session.find('[data-testid=export-csv]')).click();
  await session.until('the second export', async () => /aopp-wallet-history-2\.csv/.test(await session.text('[data-testid=exported]')));
  await (await session.find('[data-testid=close-history]')).click();
});
