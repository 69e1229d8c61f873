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
