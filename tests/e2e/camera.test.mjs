// End-to-end: the camera. Without one (a machine under test has none) the user is told so; with
// WebKit's built-in test camera the live preview runs and its frames go through the decoder.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { Driver, freshProfile, importWallet, screenshot } from './harness.mjs';

const PHRASE = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';

let driver;
let session;

async function open(env) {
  const profile = freshProfile('camera');
  driver = await Driver.start({ ...profile.env, ...env });
  session = await driver.launch();
  await importWallet(session, PHRASE);
}

async function close() {
  if (session) await session.end().catch(() => {});
  session = undefined;
  await driver?.stop();
  driver = undefined;
}

after(close);

const hasCamera = ['/dev/video0', '/dev/video1'].some((device) => existsSync(device));

test('no camera: the user is told, and other ways stay open', { skip: hasCamera && 'this machine has a camera' }, async () => {
  await open({});
  await (await session.find('[data-testid=scan-camera]')).click();
  const error = await session.find('[data-testid=camera-error]', 15000);
  assert.equal(await error.attribute('data-code'), 'camera_missing');
  assert.match(await error.text(), /No camera was found/);
  await screenshot(session, 'camera-missing');
  await (await session.find('[data-testid=camera-close]')).click();
  assert.equal((await session.findAll('[data-testid=camera]')).length, 0);
  assert.equal(await (await session.find('[data-testid=scan-screen]')).enabled(), true);
  await close();
});

test('a camera: live preview, frames decoded until closed', async () => {
  await open({ AOPP_WALLET_MOCK_CAMERA: '1' });
  await (await session.find('[data-testid=scan-camera]')).click();
  const status = await session.find('[data-testid=camera-status]', 15000);
  // Frames keep going to the decoder (the test camera shows a pattern, not a code).
  await session.until('frames decoded', async () => Number(await status.attribute('data-frames')) >= 5, 20000);
  assert.equal(await session.execute('return document.querySelector("video").videoWidth > 0'), true);
  assert.equal((await session.findAll('[data-testid=camera-error]')).length, 0);
  await screenshot(session, 'camera-preview');
  await (await session.find('[data-testid=camera-close]')).click();
  assert.equal((await session.findAll('[data-testid=camera]')).length, 0);
  await close();
});
