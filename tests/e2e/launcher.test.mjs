// End-to-end: the launcher a clicked link runs. With no app running it becomes the app (same
// process, the app's binary); with the app running it hands the link over and exits.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { APP, freshProfile, LAUNCHER, launchAgain } from './harness.mjs';
import { sleep } from './webdriver.mjs';

const { home, env } = freshProfile('launcher');
const fullEnv = { ...process.env, ...env };
const queueFile = join(env.XDG_DATA_HOME, 'org.aoppwallet.desktop/pending-links.json');
const link = (nonce) => `aopp:?v=0&msg=Launcher+${nonce}&asset=btc&format=p2wpkh&callback=https%3A%2F%2Flauncher.example%2Fp`;

let app;

after(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((done) => app.once('exit', done));
    app.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
  }
});

/** The links waiting in the app's queue file. */
function queued() {
  return existsSync(queueFile) ? JSON.stringify(JSON.parse(readFileSync(queueFile, 'utf8'))) : '';
}

async function until(what, predicate, timeout = 20000) {
  for (const deadline = Date.now() + timeout; Date.now() < deadline; await sleep(100)) {
    if (predicate()) return;
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('with no app running, the launcher becomes the app and queues the link', async () => {
  app = spawn(LAUNCHER, [link('cold')], { stdio: 'ignore', env: fullEnv });
  // exec: the same process now runs the app's binary.
  await until('the app binary', () => {
    try {
      return readlinkSync(`/proc/${app.pid}/exe`) === APP;
    } catch {
      return false;
    }
  });
  await until('the cold link queued', () => queued().includes('Launcher+cold'));
  assert.equal(app.exitCode, null, 'the app keeps running');
});

test('with the app running, the launcher hands the link over and exits', async () => {
  // A copy with no app beside it: exit 0 means the hand-over itself worked (the fallback, the
  // app's own single-instance forwarding, cannot run from there).
  const alone = join(home, 'alone/aopp-wallet-open');
  mkdirSync(dirname(alone), { recursive: true });
  copyFileSync(LAUNCHER, alone);
  const second = await launchAgain([link('warm')], alone, fullEnv);
  assert.equal(second.code, 0, second.output);
  await until('the warm link queued', () => queued().includes('Launcher+warm'));
  assert.equal(app.exitCode, null, 'the first instance took it');
});

test('anything but a lone link is not handed over; with no app beside it the launcher says so', async () => {
  const alone = join(home, 'alone/aopp-wallet-open');
  const run = await launchAgain(['--not-a-link'], alone, fullEnv);
  assert.equal(run.code, 1);
  assert.match(run.output, /cannot start .*aopp-wallet/);
});
