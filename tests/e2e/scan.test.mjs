// End-to-end: a VASP's QR code shown on the X screen, in the clipboard as an image, or a link
// pasted as text: each opens the same confirmation as a clicked link, and the proof verifies.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { approveOnScreen, ROOT, screenshot } from './harness.mjs';
import { startWithVasp } from './vasp.mjs';
import { sleep } from './webdriver.mjs';

const PHRASE = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';

let home;
let vasp;
let driver;
let session;

before(async () => {
  ({ home, vasp, driver, session } = await startWithVasp('scan', PHRASE));
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  vasp?.stop();
});

/**
 * Puts something on the X clipboard with xclip, which stays in the background to serve it: its
 * output is not waited for (the background copy would hold it open for ever).
 */
async function copyToClipboard(args, input) {
  const xclip = spawn('xclip', ['-selection', 'clipboard', ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
  if (input !== undefined) xclip.stdin.end(input);
  await sleep(500);
}

/** A new link and its QR code as a PNG file. */
async function linkWithQr(name) {
  const link = await vasp.link('btc', 'p2wpkh');
  const png = join(home, `${name}.png`);
  writeFileSync(png, await vasp.bytes(`/links/${link.token}/qr.png`));
  return { link, png };
}

/** Approves the confirmation on screen and checks the VASP verified the proof. */
async function approveAndVerify(link) {
  assert.equal(await session.text('[data-testid=request-message]'), link.msg);
  await session.find('[data-testid=proof-address]');
  assert.equal(await (await approveOnScreen(session)).attribute('data-status'), 'accepted');
  assert.deepEqual((await vasp.received(link.token)).map((entry) => entry.valid), [true]);
  await (await session.find('[data-testid=outcome-done]')).click();
  await session.find('[data-testid=home]');
}

test('scan the screen: the QR code shown by another window opens its confirmation', async () => {
  const { link, png } = await linkWithQr('screen');
  // An image viewer on the X screen, as the VASP's page would be in a browser.
  const viewer = spawn('display', ['-geometry', '+40+40', '-title', 'VASP withdrawal page', png], { stdio: 'ignore' });
  try {
    await sleep(1500);
    await screenshot(session, 'home-scan');
    await (await session.find('[data-testid=scan-screen]')).click();
    await session.find('[data-testid=request]', 20000);
    await approveAndVerify(link);
  } finally {
    viewer.kill();
  }
});

test('from a picked image file', async () => {
  const { link, png } = await linkWithQr('picked');
  // WebDriver hands the file to the page's file input, as the chooser would.
  await (await session.find('[data-testid=scan-file-input]')).type(png);
  await session.find('[data-testid=request]', 20000);
  await approveAndVerify(link);
});

/** Runs `xdotool` with `args` and waits for it. */
function xdotool(...args) {
  const run = spawnSync('xdotool', args.map(String), { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test('from an image file dropped onto the window (a real X drag and drop)', async () => {
  const { link, png } = await linkWithQr('dropped');
  // A window to drag the file from, as a file manager shows it, beside the wallet.
  const source = spawn('/usr/bin/python3', [join(ROOT, 'tests/e2e/helpers/drag-source.py'), png, 1000, 700], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((ready, failed) => {
      source.stdout.once('data', ready);
      source.once('exit', (code) => failed(new Error(`drag source exited (${code})`)));
    });
    // Press on the file, move over the wallet in steps (as a hand would), let go.
    xdotool('mousemove', 1080, 760, 'mousedown', 1);
    for (const [x, y] of [[1060, 740], [1000, 700], [800, 600], [600, 500], [450, 420], [440, 410]]) {
      await sleep(150);
      xdotool('mousemove', x, y);
    }
    await sleep(300);
    xdotool('mouseup', 1);
    await session.find('[data-testid=request]', 20000);
    await approveAndVerify(link);
  } finally {
    source.kill();
  }
});

test('from the clipboard: a copied image of the code', async () => {
  const { link, png } = await linkWithQr('clipboard');
  await copyToClipboard(['-t', 'image/png', '-i', png]);
  await (await session.find('[data-testid=scan-clipboard]')).click();
  await session.find('[data-testid=request]', 20000);
  await approveAndVerify(link);
});

test('from the clipboard: a copied aopp: link as text', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  await copyToClipboard(['-i'], link.link);
  await (await session.find('[data-testid=scan-clipboard]')).click();
  await session.find('[data-testid=request]', 20000);
  await approveAndVerify(link);
});

test('a pasted link opens the same confirmation; a pasted address is named and not signed', async () => {
  const link = await vasp.link('btc', 'p2wpkh');
  await (await session.find('[data-testid=paste-input]')).type(link.link);
  await (await session.find('[data-testid=paste-open]')).click();
  await session.find('[data-testid=request]');
  await approveAndVerify(link);

  await (await session.find('[data-testid=paste-input]')).type('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  await (await session.find('[data-testid=paste-open]')).click();
  assert.match(await session.text('[data-testid=scan-result]'), /Bitcoin address .* nothing to sign/);
  assert.equal((await session.findAll('[data-testid=request]')).length, 0);
});

test('an empty screen finds nothing and says so', async () => {
  await (await session.find('[data-testid=scan-screen]')).click();
  assert.equal(await session.until('scan result', () => session.text('[data-testid=scan-result]'), 20000), 'No QR code or link was found.');
});
