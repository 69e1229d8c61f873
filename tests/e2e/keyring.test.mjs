// End-to-end: a session without a Secret Service (no keyring daemon on its D-Bus bus). The app
// says so in plain words and stores nothing; once a keyring is there, "Try again" goes on.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Driver, freshProfile, screenshot } from './harness.mjs';

const { home, env } = freshProfile('keyring');

// A session bus of its own that can start nothing (no service directories), so nothing owns
// org.freedesktop.secrets until the test starts a keyring daemon on it.
const config = join(home, 'bus.conf');
writeFileSync(
  config,
  `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${home}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
);

let bus;
let driver;
let session;

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  // The keyring daemon leaves with its bus.
  bus?.kill();
});

async function startBus() {
  bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let buffer = '';
    bus.stdout.on('data', (chunk) => {
      buffer += chunk;
      if (buffer.includes('\n')) done(buffer.trim());
    });
    bus.once('exit', (code) => fail(new Error(`dbus-daemon exited with ${code}`)));
  });
}

test('no Secret Service: the user is told, nothing is stored, and "Try again" recovers', async () => {
  const address = await startBus();
  // (No accessibility bus on it either: GTK is told not to wait for one.)
  driver = await Driver.start({ ...env, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: '1' });
  session = await driver.launch();
  const error = await session.find('[data-testid=keyring-error]');
  assert.equal(await error.attribute('data-code'), 'keyring_unavailable');
  assert.match(await error.text(), /keyring/i);
  await screenshot(session, 'keyring-missing');
  assert.equal((await session.findAll('[data-testid=welcome]')).length, 0, 'no way to create a wallet without a keyring');

  // A keyring daemon starts on that bus (as when the user unlocks or installs one).
  const runtime = join(home, 'keyring-runtime');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const keyringEnv = { ...process.env, ...env, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime };
  const unlocked = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { input: 'aopp-test', env: keyringEnv, encoding: 'utf8' });
  assert.equal(unlocked.status, 0, unlocked.stderr);
  await (await session.find('[data-testid=keyring-retry]')).click();
  await session.find('[data-testid=welcome]');

  // Nothing about a wallet was written while the keyring was missing.
  const data = join(env.XDG_DATA_HOME, 'org.aoppwallet.desktop');
  const files = readdirSync(data, { recursive: true }).map(String);
  assert.ok(!files.some((name) => /wallet|seed|phrase/i.test(name)), files.join(', '));
});
