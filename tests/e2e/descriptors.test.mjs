// End-to-end: funds sent to a proven address are never lost. Twenty proofs to a VASP that
// refuses them (400) take twenty addresses; before the 21st the confirmation says a restoring
// wallet needs a gap limit of 21; the descriptors screen's files are read by the Bitcoin
// Development Kit (bdkpython) and give back the addresses it shows; marking a proof's address
// as funded moves the count.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { APP, approveOnScreen, launchAgain, ROOT, screenshot } from './harness.mjs';
import { startWithVasp } from './vasp.mjs';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PYTHON = join(ROOT, 'tests/restore/.venv/bin/python');
const BDK_CHECK = join(ROOT, 'tests/restore/bdk_check.py');

let vasp;
let driver;
let session;

before(async () => {
  ({ vasp, driver, session } = await startWithVasp('descriptors', ABANDON));
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  vasp?.stop();
});

/** A link whose message was changed on the way: the VASP's check fails and it answers 400. */
async function refusedLink() {
  const link = await vasp.link('btc', 'p2wpkh');
  return link.link.replace('msg=', 'msg=Changed%20');
}

async function open(link) {
  await launchAgain([link], APP, driver.env);
  await session.find('[data-testid=proof-address]', 20000);
}

/** What bdkpython derives from an exported file at `indexes`. */
function bdk(mode, file, ...indexes) {
  const out = execFileSync(PYTHON, [BDK_CHECK, mode, file, 'mainnet', ...indexes.map(String)], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

async function click(testid) {
  await (await session.find(`[data-testid=${testid}]`)).click();
}

test('twenty refused proofs take twenty addresses, and no warning is due yet', async () => {
  for (let n = 0; n < 20; n += 1) {
    await open(await refusedLink());
    assert.equal((await session.findAll('[data-testid=gap-warning]')).length, 0, `proof ${n + 1}`);
    const outcome = await approveOnScreen(session);
    assert.equal(await outcome.attribute('data-status'), 'rejected');
    await click('outcome-done');
    await session.find('[data-testid=home]');
  }
});

test('before the 21st the confirmation says a restoring wallet needs a gap limit of at least 21', async () => {
  await open(await refusedLink());
  const warning = await session.find('[data-testid=gap-warning]');
  assert.equal(await warning.attribute('data-needed'), '21');
  assert.match(await warning.text(), /20 addresses in a row may be unused[^]*set the gap limit to at least 21/);
  assert.match(await session.text('[data-testid=proof-path]'), /\/0\/20$/);
  await screenshot(session, 'confirm-gap-warning');
  await click('gap-open-descriptors');
  await session.find('[data-testid=descriptors]');
});

test('the descriptors screen and its files: bdkpython finds the first and the last address shown', async () => {
  const account = await session.find('[data-testid=account][data-format=p2wpkh]');
  assert.equal(await account.attribute('data-highest'), '19');
  assert.equal(await account.attribute('data-gap-limit'), '20');
  assert.equal(await session.text('[data-testid=fingerprint]'), '73c5da0a');
  const first = await session.text('[data-testid=account][data-format=p2wpkh] [data-testid=first-address]');
  const last = await session.text('[data-testid=account][data-format=p2wpkh] [data-testid=last-address]');
  assert.equal(first, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  await screenshot(session, 'descriptors');

  await click('export-core');
  const core = (await session.text('[data-testid=descriptors-saved]')).replace(/^Saved to /, '');
  const requests = bdk('bitcoin-core', core, 0, 19);
  assert.equal(requests.length, 2, 'p2wpkh receive and change: the only format used');
  assert.deepEqual(requests.map((request) => request.internal), [false, true]);
  assert.deepEqual(requests[0].addresses, [first, last]);
  assert.deepEqual(requests[0].range, [0, 999]);

  await (await session.find('[data-testid=account][data-format=p2wpkh] [data-testid=export-sparrow]')).click();
  await session.until('the Sparrow file', async () => /descriptor-p2wpkh/.test(await session.text('[data-testid=descriptors-saved]')));
  const sparrow = (await session.text('[data-testid=descriptors-saved]')).replace(/^Saved to /, '');
  assert.deepEqual(bdk('sparrow', sparrow, 0, 19)[0].addresses, [first, last]);
  await click('close-descriptors');
});

test('Receive asks before taking the 21st; marking a proof as funded in History moves the count', async () => {
  // Back home the 21st request is still waiting; History is reached from home once it is dismissed.
  await session.find('[data-testid=gap-warning]');
  await click('dismiss');
  await session.find('[data-testid=home]');
  // Receive has shown no address yet: it would take index 20, so it asks first.
  await click('open-receive');
  const warning = await session.find('[data-testid=receive] [data-testid=gap-warning]');
  assert.equal(await warning.attribute('data-needed'), '21');
  assert.equal((await session.findAll('[data-testid=receive-address]')).length, 0, 'nothing taken before the user asks');
  await screenshot(session, 'receive-gap-warning');
  await click('close-receive');
  await click('open-history');
  await session.find('[data-testid=history-row]');
  const toggles = await session.findAll('[data-testid=funded-toggle]');
  assert.equal(toggles.length, 20);
  // Newest first: the tenth from the end is index 9.
  await toggles[10].click();
  await session.until('the mark is saved', async () => (await session.execute("return document.querySelectorAll('[data-testid=funded-toggle]')[10].checked")) === true);
  await screenshot(session, 'history-funded');
  await click('close-history');
  await open(await refusedLink());
  assert.equal((await session.findAll('[data-testid=gap-warning]')).length, 0, 'index 20 is 11 after the funded index 9');
  await click('dismiss');
});
