// End-to-end: the wallet opened the way Chromium opens it (a clicked link runs the launcher with
// Chromium's environment, NO_AT_BRIDGE=1 included) is on the accessibility bus, and a screen
// reader's client (AT-SPI through python3-gi) can approve the request. No WebDriver here: the
// app runs exactly as a user's click starts it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freshProfile, LAUNCHER, ROOT } from './harness.mjs';
import { Vasp } from './vasp.mjs';
import { sleep } from './webdriver.mjs';

const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
// Debian's Python, which python3-gi belongs to (a python3 earlier on PATH may lack it).
const ATSPI = join(ROOT, 'tests/e2e/atspi.py');

let vasp;
let app;
let env;

before(async () => {
  const profile = freshProfile('accessibility');
  vasp = await Vasp.start(profile.home);
  env = { ...process.env, ...profile.env, AOPP_WALLET_EXTRA_CA: vasp.caPath };
  // The wallet, stored as the app stores it.
  const stored = spawnSync(
    'secret-tool',
    ['store', '--label=AOPP Wallet', 'service', 'aopp-wallet', 'username', 'recovery-phrase'],
    { input: JSON.stringify({ mnemonic: PHRASE, passphrase: '' }) },
  );
  assert.equal(stored.status, 0, String(stored.stderr));
});

after(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((done) => app.once('exit', done));
    app.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
  }
  vasp?.stop();
  spawnSync('secret-tool', ['clear', 'service', 'aopp-wallet', 'username', 'recovery-phrase']);
});

/** Runs atspi.py and returns what it printed; fails the test with its message otherwise. */
function atspi(...args) {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/python3', [ATSPI, ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) => (code === 0 ? done(output.trim()) : fail(new Error(`atspi.py ${args.join(' ')}: ${errors || output}`))));
  });
}

test('opened from a browser with NO_AT_BRIDGE=1, the request is approved through the accessibility bus', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  app = spawn(LAUNCHER, [link.link], { stdio: 'ignore', env: { ...env, NO_AT_BRIDGE: '1' } });
  assert.equal(await atspi('press', String(app.pid), 'Approve and send', '60'), 'Approve and send');
  // The outcome screen, read and closed the same way.
  assert.equal(await atspi('press', String(app.pid), 'Done', '60'), 'Done');
  const received = await vasp.received(link.token);
  assert.deepEqual(received.map((entry) => entry.valid), [true], 'the VASP verified the proof');

  // While it runs: no core dump can be written (RLIMIT_CORE is 0 for the app's process).
  const limits = readFileSync(`/proc/${app.pid}/limits`, 'utf8');
  assert.match(limits, /^Max core file size\s+0\s+0\s+bytes/m);
});

/** The app's nodes as atspi.py reads them, once `ready` holds for them (up to 20 s). */
async function readUntil(button, what, ready) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const nodes = JSON.parse(await atspi('read', String(app.pid), button, '60'));
    if (ready(nodes)) return nodes;
    if (Date.now() > deadline) throw new Error(`${what}: not so in ${JSON.stringify(nodes)}`);
    await sleep(250);
  }
}

const CONTROLS = new Set(['push button', 'toggle button', 'check box', 'radio button', 'entry', 'password text', 'combo box', 'link', 'spin button']);
const focusedHeading = (nodes) => nodes.find((node) => node.focused && node.role === 'heading');
const announced = (nodes) => nodes.find((node) => node.live === 'polite' && node.text)?.text ?? '';

test('read through the accessibility bus: the focus on the domain, the facts in order, every control named, the arrival and the outcome announced', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  // Handed to the running app, as a second click in the browser would.
  const launcher = spawn(LAUNCHER, [link.link], { stdio: 'ignore', env: { ...env, NO_AT_BRIDGE: '1' } });
  await new Promise((done) => launcher.once('exit', done));
  const nodes = await readUntil('Approve and send', 'the heading focused and the request announced', (nodes) => focusedHeading(nodes) && /asks you to prove/.test(announced(nodes)));
  const domain = new URL(new URL(link.link).searchParams.get('callback')).hostname;
  assert.equal(focusedHeading(nodes).text, domain, 'the focus lands on the domain, the first thing to read');
  assert.equal(announced(nodes), `${domain} asks you to prove that you own a Bitcoin address.`);

  // Read in order, as Orca reads down the page: domain, message, asset, format, address, path.
  const texts = nodes.map((node) => node.text);
  const at = (what, test) => {
    const index = texts.findIndex(test);
    assert.ok(index >= 0, `${what} is read: ${JSON.stringify(texts)}`);
    return index;
  };
  const order = [
    at('the domain', (text) => text === domain),
    at('the message', (text) => text === link.msg),
    at('the asset', (text) => text === 'Bitcoin (BTC)'),
    at('the format', (text) => /^p2wpkh/.test(text)),
    at('the address', (text) => /^bc1q[0-9a-z ]+$/.test(text)),
    at('the path', (text) => /^m\/84'\/0'\/0'\/0\/\d+$/.test(text)),
  ];
  assert.deepEqual(order, [...order].sort((a, b) => a - b), `read in this order: ${order}`);
  const unnamed = nodes.filter((node) => CONTROLS.has(node.role) && !node.name.trim());
  assert.deepEqual(unnamed, [], 'every control has a name');

  assert.equal(await atspi('press', String(app.pid), 'Approve and send', '60'), 'Approve and send');
  const outcome = await readUntil('Done', 'the outcome announced', (nodes) => /verified the address/.test(announced(nodes)) && focusedHeading(nodes));
  assert.equal(announced(outcome), `${domain} verified the address. You are done.`);
  assert.deepEqual(outcome.filter((node) => CONTROLS.has(node.role) && !node.name.trim()), [], 'every control on the outcome has a name');
  assert.equal(await atspi('press', String(app.pid), 'Done', '60'), 'Done');
});
