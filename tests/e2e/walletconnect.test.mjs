// End-to-end: an exchange's page asking over WalletConnect, answered by the real app. The dApp
// is @walletconnect/sign-client 2.21.8 (tests/walletconnect/propose.mjs), which verifies every
// answer itself (bip322-js for Bitcoin, as Reown AppKit's connector reads it; ethers for
// personal_sign); the relay is the test relay (tests/wc-relay), handed to the app by the
// test-build switch AOPP_WALLET_WC_RELAY_URL. The user's part is done on screen: the pairing
// code pasted, Connect, Sign, Reject, a restart, Disconnect.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { audit, Driver, freshProfile, importWallet, LAUNCHER, launchAgain, ROOT, screenshot, setProxy } from './harness.mjs';
import { Vasp } from './vasp.mjs';
import { sleep } from './webdriver.mjs';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const MAINNET = 'bip122:000000000019d6689c085ae165831e93';

let relay;
let dapp;
let driver;
let session;
let bitcoinAddress;
let etherAddress;
let relayUrl;
let profileHome;
// The second dApp, whose code is scanned from the screen.
let scanned;

/** A child process whose output lines are read one by one, in order. */
function started(command, args, options) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], ...options });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async line(what, timeout = 30000) {
      const next = await Promise.race([lines.next(), sleep(timeout).then(() => null)]);
      if (!next || next.done) throw new Error(`${command}: no ${what} within ${timeout} ms`);
      return next.value;
    },
  };
}

/** What the dApp heard back, as JSON. */
async function heard(what) {
  return JSON.parse(await dapp.line(what));
}

function ask(chainId, method, params) {
  dapp.child.stdin.write(`${JSON.stringify({ chainId, method, params })}\n`);
}

/** Sent past sign-client's own checks, with the dApp waiting until `expiryTimestamp`. */
function askRaw(chainId, method, params, expiryTimestamp) {
  dapp.child.stdin.write(`${JSON.stringify({ chainId, method, params, expiryTimestamp })}\n`);
}

const hex = (text) => `0x${Buffer.from(text).toString('hex')}`;
const inSeconds = (seconds) => Math.floor(Date.now() / 1000) + seconds;

before(async () => {
  relay = started(join(ROOT, 'target/debug/wc-test-relay'), ['--port', '0']);
  relayUrl = (await relay.line('listening line')).replace(/^listening /, '');
  dapp = started('node', ['propose.mjs', relayUrl], { cwd: join(ROOT, 'tests/walletconnect') });
  const { env, home } = freshProfile('walletconnect');
  profileHome = home;
  // The app's relay by name, so that the proxy test sees the name go to the proxy.
  driver = await Driver.start({ ...env, AOPP_WALLET_WC_RELAY_URL: relayUrl.replace('127.0.0.1', 'localhost') });
  session = await driver.launch();
  await importWallet(session, ABANDON);
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  dapp?.child.kill();
  scanned?.child.kill();
  relay?.child.kill();
});

async function click(testid) {
  await (await session.find(`[data-testid=${testid}]`)).click();
}

// The proposals the Connect screen has shown, so that a test waits for the next one's screen
// and never acts on the last one's while the app has not yet taken it away.
const proposalsSeen = new Set();

/** Waits for the Connect screen of a proposal not shown before, and returns its id. */
async function nextConnect() {
  const id = await session.until('the Connect screen of a new proposal', async () => {
    const screens = await session.findAll('[data-testid=connect]');
    if (screens.length !== 1) return null;
    const shown = await screens[0].attribute('data-proposal-id');
    return proposalsSeen.has(shown) ? null : shown;
  }, 20000);
  proposalsSeen.add(id);
  return id;
}

/** Waits for a request's confirmation, reads its message to the end, presses Sign (and audits
 * the screen that says it was sent, with `audited`). */
async function signOnScreen({ audited = false } = {}) {
  await session.find('[data-testid=dapp-request]', 20000);
  const facts = {
    message: await session.text('[data-testid=dapp-message]'),
    address: await (await session.find('[data-testid=dapp-address]')).attribute('data-address'),
    scheme: await (await session.find('[data-testid=dapp-scheme]')).attribute('data-scheme'),
    domain: await session.text('[data-testid=peer-domain]'),
  };
  await session.execute(
    "const box = document.querySelector('[data-testid=dapp-message]'); box.scrollTop = box.scrollHeight; box.dispatchEvent(new Event('scroll'));",
  );
  const sign = await session.find('[data-testid=dapp-sign]');
  await session.until('Sign enabled', () => sign.enabled());
  await sign.click();
  await session.find('[data-testid=dapp-signed-sent]', 20000);
  if (audited) await audit(session, 'dapp-signed');
  await click('dapp-signed-done');
  return facts;
}

test('a malformed or expired wc: code is refused with its reason, and nothing is asked', async () => {
  await click('open-connections');
  const paste = async (text) => {
    const field = await session.find('[data-testid=wc-uri]');
    await field.clear();
    await field.type(text);
    await click('wc-pair');
    return (await session.find('[data-testid=wc-error]')).attribute('data-code');
  };
  assert.equal(await paste('wc:not-a-pairing@2?relay-protocol=irn'), 'wc_bad_uri');
  const key = randomBytes(32);
  const topic = createHash('sha256').update(key).digest('hex');
  const expired = `wc:${topic}@2?relay-protocol=irn&symKey=${key.toString('hex')}&expiryTimestamp=1700000000`;
  assert.equal(await paste(expired), 'wc_uri_expired');
  await click('connections-close');
});

test('the pasted code, Connect, then Bitcoin (ecdsa, bip322) and Ether messages signed on screen and verified by the dApp', async () => {
  const uri = await dapp.line('pairing URI');
  await click('open-connections');
  const field = await session.find('[data-testid=wc-uri]');
  await field.clear();
  await field.type(uri);
  await click('wc-pair');

  await nextConnect();
  assert.equal(await session.text('[data-testid=peer-domain]'), 'exchange.example');
  const chains = await session.text('[data-testid=connect-chains]');
  assert.match(chains, /Bitcoin/);
  assert.match(chains, /Ethereum/);
  const methods = await session.text('[data-testid=connect-methods]');
  assert.match(methods, /Sign messages with your Bitcoin address/);
  const bitcoin = await session.find('[data-testid=connect-bitcoin]');
  bitcoinAddress = await bitcoin.attribute('data-address');
  etherAddress = await (await session.find('[data-testid=connect-ether]')).attribute('data-address');
  // m/84'/0'/0'/0/0 of the "abandon … about" phrase: the first fresh native SegWit address.
  assert.equal(bitcoinAddress, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  await screenshot(session, 'walletconnect-connect');
  const connect = await session.find('[data-testid=connect-approve]');
  await session.until('Connect enabled', () => connect.enabled());
  await connect.click();

  const settled = await heard('settled session');
  assert.deepEqual(settled.namespaces.bip122.accounts, [`${MAINNET}:${bitcoinAddress}`]);
  assert.deepEqual(settled.namespaces.eip155.accounts, [`eip155:1:${etherAddress}`]);
  assert.equal(settled.peer, 'AOPP Wallet');

  const message = 'Sign in to exchange.example: nonce 4f1c';
  for (const protocol of ['ecdsa', 'bip322']) {
    ask(MAINNET, 'signMessage', { account: bitcoinAddress, address: bitcoinAddress, message, protocol });
    if (protocol === 'bip322') {
      await session.find('[data-testid=dapp-request]', 20000);
      await screenshot(session, 'walletconnect-request');
    }
    const shown = await signOnScreen();
    assert.equal(shown.message, message);
    assert.equal(shown.address, bitcoinAddress);
    assert.equal(shown.scheme, protocol === 'ecdsa' ? 'electrum' : 'bip322');
    assert.equal(shown.domain, 'exchange.example');
    const answer = await heard(`the ${protocol} answer`);
    assert.equal(answer.verified, true, JSON.stringify(answer));
    assert.equal(answer.result.address, bitcoinAddress);
  }

  const text = 'I control this account: 7f3a';
  ask('eip155:1', 'personal_sign', [`0x${Buffer.from(text).toString('hex')}`, etherAddress]);
  const shown = await signOnScreen();
  assert.equal(shown.message, text);
  const answer = await heard('the personal_sign answer');
  assert.equal(answer.recovered, etherAddress, JSON.stringify(answer));

  // Reject: the Sign API's user-rejected error.
  ask('eip155:1', 'personal_sign', [`0x${Buffer.from(text).toString('hex')}`, etherAddress]);
  await session.find('[data-testid=dapp-request]', 20000);
  await click('dapp-reject');
  assert.equal((await heard('the refusal')).error.code, 5000);

  // An account the session never shared: refused without a screen, and said on Connections.
  // (sign-client itself stops a dApp from asking for a method the session did not grant.)
  const stranger = '0x0000000000000000000000000000000000000002';
  ask('eip155:1', 'personal_sign', [`0x${Buffer.from(text).toString('hex')}`, stranger]);
  assert.equal((await heard('the refusal of a stranger account')).error.code, 5103);
  await session.until('the notice', async () => /5103/.test(await session.text('[data-testid=notices]')));
  await audit(session, 'connections');

  await click('connections-close');
  await click('open-history');
  await session.until('three signed for the dApp', async () => (await session.findAll('[data-testid=signed-for]')).length === 3);
  const rows = await session.findAll('[data-testid=signed-for]');
  assert.equal(await rows[0].text(), 'signed for exchange.example over WalletConnect');
  await click('close-history');
});

test('the app restarted keeps the session and answers a request sent while it was closed', async () => {
  const text = 'Asked while the wallet was closed';
  session = await driver.relaunch(session, () => {
    ask('eip155:1', 'personal_sign', [`0x${Buffer.from(text).toString('hex')}`, etherAddress]);
  });
  const shown = await signOnScreen({ audited: true });
  assert.equal(shown.message, text);
  assert.equal((await heard('the answer after the restart')).recovered, etherAddress);
});

test('the relay away for 4 s and back: the app connects again and the request asked meanwhile reaches the screen', async () => {
  await click('open-connections');
  relay.child.stdin.write('down 4\n');
  await session.until('the relay shown unreachable', async () => (await (await session.find('[data-testid=relay-status]')).attribute('data-state')) === 'offline');
  const text = 'Asked while the relay was away';
  ask('eip155:1', 'personal_sign', [`0x${Buffer.from(text).toString('hex')}`, etherAddress]);
  const shown = await signOnScreen();
  assert.equal(shown.message, text);
  assert.equal((await heard('the answer after the outage')).recovered, etherAddress);
  await session.until('the relay shown connected', async () => (await (await session.find('[data-testid=relay-status]')).attribute('data-state')) === 'online');
  await click('connections-close');
});

/** The relay's state on the Connections screen, once it is `state`. */
async function relayState(state) {
  await click('open-connections');
  const status = await session.until(`the relay ${state}`, async () => {
    const shown = await session.find('[data-testid=relay-status]');
    return (await shown.attribute('data-state')) === state ? shown : null;
  }, 20000);
  const text = await status.text();
  await click('connections-close');
  return text;
}

test('with the SOCKS5 proxy set, the relay connection goes through it (by name, as proofs do); a dead proxy keeps the wallet off the relay', async () => {
  const dir = join(profileHome, 'proxy');
  mkdirSync(dir, { recursive: true });
  const proxy = await Vasp.start(dir, { socks5: true });
  try {
    await setProxy(session, proxy.socks5);
    const relayHost = `localhost:${new URL(relayUrl).port}`;
    await session.until('the relay reached through the proxy', async () => (await proxy.proxied()).includes(relayHost), 20000);
    await relayState('online');
    const text = 'Asked through the proxy';
    ask('eip155:1', 'personal_sign', [hex(text), etherAddress]);
    assert.equal((await signOnScreen()).message, text);
    assert.equal((await heard('the answer through the proxy')).recovered, etherAddress);

    await setProxy(session, 'socks5://127.0.0.1:9');
    assert.match(await relayState('offline'), /proxy/);
    await setProxy(session, '');
    await relayState('online');
    assert.deepEqual([...new Set(await proxy.proxied())], [relayHost], 'the proxy was asked for the relay only');
  } finally {
    proxy.stop();
  }
});

test('a request the dApp stops waiting for leaves the screen unsigned, and no answer is sent', async () => {
  const text = 'Answer within fifteen seconds';
  askRaw('eip155:1', 'personal_sign', [hex(text), etherAddress], inSeconds(15));
  assert.ok((await heard('the raw request sent')).sent);
  await session.find('[data-testid=dapp-request]', 20000);
  assert.match(await session.text('[data-testid=dapp-expires]'), /waits for your answer until \d/);
  await session.until('the request gone', async () => (await session.findAll('[data-testid=dapp-request]')).length === 0, 25000);
  await click('open-connections');
  assert.match(await session.text('[data-testid=notices]'), /personal_sign request expired before you answered it; nothing was signed/);
  await click('connections-close');
});

test('bad requests over WalletConnect: too long to show, 10 MB, not decryptable, a method not granted; none signed, each says why', async () => {
  ask('eip155:1', 'personal_sign', [hex('x'.repeat(70000)), etherAddress]);
  await session.find('[data-testid=dapp-request]', 20000);
  assert.equal(await (await session.find('[data-testid=dapp-problem]')).attribute('data-code'), 'request_too_long');
  assert.equal(await (await session.find('[data-testid=dapp-sign]')).enabled(), false);
  await click('dapp-reject');
  assert.equal((await heard('the refusal of the long message')).error.code, 5000);

  const huge = 'y'.repeat(10 * 1024 * 1024);
  askRaw(MAINNET, 'signMessage', { account: bitcoinAddress, address: bitcoinAddress, message: huge, protocol: 'ecdsa' }, inSeconds(300));
  assert.ok((await heard('the 10 MB request sent')).sent);
  await click('open-connections');
  await session.until('the notice', async () => /too large to read .*nothing was signed/.test(await session.text('[data-testid=notices]')), 20000);
  assert.equal((await session.findAll('[data-testid=dapp-request]')).length, 0);
  await session.until('still connected', async () => (await (await session.find('[data-testid=relay-status]')).attribute('data-state')) === 'online');

  dapp.child.stdin.write(`${JSON.stringify({ garbage: true })}\n`);
  assert.equal((await heard('the garbage sent')).sent, 'garbage');
  await session.until('its notice', async () => /could not be read \(the envelope does not decrypt/.test(await session.text('[data-testid=notices]')), 20000);

  // sign-client will not send a method the session did not grant; sent past it, the wallet
  // answers the Sign API's 3001 without asking.
  askRaw('eip155:1', 'eth_sendTransaction', [{ from: etherAddress, to: etherAddress, value: '0x1' }], inSeconds(300));
  assert.ok((await heard('the ungranted request sent')).sent);
  assert.equal((await heard('its refusal')).error.code, 3001);
  await session.until('its notice', async () => /eth_sendTransaction request was refused without asking you/.test(await session.text('[data-testid=notices]')), 20000);
  assert.equal((await session.findAll('[data-testid=dapp-request]')).length, 0);
  await click('connections-close');
});

test('a Sign-In with Ethereum text over WalletConnect is shown as a login and needs a second yes', async () => {
  const login = [
    'exchange.example wants you to sign in with your Ethereum account:',
    etherAddress,
    '',
    'Sign in to prove this account is yours.',
    '',
    'URI: https://exchange.example/login',
    'Version: 1',
    'Chain ID: 1',
    'Nonce: 8a1c55d0e2',
    'Issued At: 2026-12-02T01:00:00Z',
  ].join('\n');
  ask('eip155:1', 'personal_sign', [`0x${Buffer.from(login).toString('hex')}`, etherAddress]);
  await session.find('[data-testid=dapp-sign-in]', 20000);
  assert.match(await session.text('[data-testid=dapp-sign-in]'), /logs whoever holds the signature in to exchange\.example/);
  await session.execute(
    "const box = document.querySelector('[data-testid=dapp-message]'); box.scrollTop = box.scrollHeight; box.dispatchEvent(new Event('scroll'));",
  );
  const sign = await session.find('[data-testid=dapp-sign]');
  await sleep(1500);
  assert.equal(await sign.enabled(), false, 'Sign waits for the second yes');
  await click('dapp-sign-in-confirm');
  await session.until('Sign enabled', () => sign.enabled());
  await sign.click();
  await session.find('[data-testid=dapp-signed-sent]', 20000);
  await click('dapp-signed-done');
  // The next line the dApp prints is this answer: the expired request above was never answered.
  const answer = await heard('the login answer');
  assert.equal(answer.recovered, etherAddress, JSON.stringify(answer));
});

test('a wc: code shown on screen, scanned from the home screen, opens Connect; Connect while the relay is away fails, and pressed again shares the address it showed', async () => {
  scanned = started('node', ['propose.mjs', relayUrl], { cwd: join(ROOT, 'tests/walletconnect') });
  const uri = await scanned.line('the second pairing URI');
  const png = join(profileHome, 'wc-code.png');
  execFileSync('qrencode', ['-o', png, '-s', '6', uri]);
  // An image viewer on the X screen, as the exchange's page would be in a browser.
  const viewer = spawn('display', ['-geometry', '+40+40', '-title', 'Connect a wallet', png], { stdio: 'ignore' });
  try {
    await sleep(1500);
    await click('scan-screen');
    await nextConnect();
  } finally {
    viewer.kill();
  }
  const connect = await session.find('[data-testid=connect-approve]');
  await session.until('Connect enabled', () => connect.enabled());
  const shown = await (await session.find('[data-testid=connect-bitcoin]')).attribute('data-address');
  relay.child.stdin.write('down 4\n');
  await sleep(500);
  await connect.click();
  assert.equal(await (await session.find('[data-testid=connect-error]', 5000)).attribute('data-code'), 'wc_offline');
  assert.equal(await (await session.find('[data-testid=connect-bitcoin]')).attribute('data-address'), shown);
  // Pressed again until the relay is back: the same address, not the next one.
  await session.until('connected once the relay is back', async () => {
    if ((await session.findAll('[data-testid=connect]')).length === 0) return true;
    await connect.click();
    await sleep(1000);
    return false;
  }, 30000);
  const settled = JSON.parse(await scanned.line('the second settled session'));
  // A second fresh address: never the one the first exchange saw.
  const [account] = settled.namespaces.bip122.accounts;
  assert.notEqual(account, `${MAINNET}:${bitcoinAddress}`);
  assert.equal(account, `${MAINNET}:${shown}`);
  assert.equal(shown, 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g', 'm/84h/0h/0h/0/1: no index left behind');
});

test('a wc: URI handed to the launcher opens Connect; Reject tells the dApp the user rejected', async () => {
  const third = started('node', ['propose.mjs', relayUrl], { cwd: join(ROOT, 'tests/walletconnect') });
  try {
    const uri = await third.line('the third pairing URI');
    const launched = await launchAgain([uri], LAUNCHER, driver.env);
    assert.equal(launched.code, 0, launched.output);
    await nextConnect();
    await click('connect-reject');
    assert.deepEqual(JSON.parse(await third.line('the refusal')).rejected, { code: 5000, message: 'User rejected.' });
  } finally {
    third.child.kill();
  }
});

test('the wc: handler only when asked in Settings; then a clicked wc: link opens Connect', async () => {
  const handler = () => spawnSync('xdg-mime', ['query', 'default', 'x-scheme-handler/wc'], { env: driver.env, encoding: 'utf8' }).stdout.trim();
  assert.equal(handler(), '', 'nothing registered for wc: before the user asks');
  await click('open-settings');
  const status = await session.find('[data-testid=wc-handler-status]');
  assert.equal(await status.attribute('data-ours'), 'false');
  await click('register-wc-handler');
  await session.until('registered', async () => (await (await session.find('[data-testid=wc-handler-status]')).attribute('data-ours')) === 'true');
  assert.equal(handler(), 'aopp-wallet-wc.desktop');
  await click('close-settings');

  const fourth = started('node', ['propose.mjs', relayUrl], { cwd: join(ROOT, 'tests/walletconnect') });
  try {
    const uri = await fourth.line('the fourth pairing URI');
    // As a browser does with a clicked link: xdg-open finds the handler and runs its Exec.
    const opened = spawnSync('xdg-open', [uri], { env: driver.env, encoding: 'utf8', timeout: 20000 });
    assert.equal(opened.status, 0, opened.stderr);
    await nextConnect();
    await click('connect-reject');
    assert.equal(JSON.parse(await fourth.line('the refusal')).rejected.code, 5000);
  } finally {
    fourth.child.kill();
  }
});

test('Disconnect ends each session on both sides', async () => {
  await click('open-connections');
  for (const dappOf of [dapp, scanned]) {
    await session.find('[data-testid=session]');
    await click('disconnect');
    assert.deepEqual(JSON.parse(await dappOf.line('the deletion')), { event: 'session_delete' });
  }
  await session.find('[data-testid=no-sessions]');
});
