// End-to-end: the app's files on disk, as a user's login leaves them (umask 022, a data
// directory someone made 0755). Damaged settings are kept aside and shown before anything else;
// the directory and every file in it end up private to the user.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Driver, freshProfile, screenshot } from './harness.mjs';

let driver;
let session;
let dataDir;
const DAMAGED = '{"network":"mainnet","socks5_proxy":"socks5://127.0.0.1:9050"';

before(async () => {
  const { env } = freshProfile('files');
  dataDir = join(env.XDG_DATA_HOME, 'org.aoppwallet.desktop');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  // Cut short, as by a full disk: the Tor proxy in it must not quietly become "no proxy".
  writeFileSync(join(dataDir, 'settings.json'), DAMAGED, { mode: 0o644 });
  process.umask(0o022);
  driver = await Driver.start(env);
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
});

const mode = (path) => statSync(path).mode & 0o777;

test('a damaged settings file is kept aside and shown before anything else', async () => {
  session = await driver.launch();
  await session.find('[data-testid=damaged-files]');
  assert.equal(await (await session.find('[data-testid=damaged-file]')).attribute('data-kind'), 'settings');
  assert.match(await session.text('[data-testid=damaged-settings-warning]'), /no proxy/);
  const kept = await session.text('[data-testid=damaged-kept-as]');
  assert.match(kept, /settings\.json\.damaged-\d+$/);
  assert.equal(readFileSync(kept, 'utf8'), DAMAGED, 'kept byte for byte');
  assert.equal(existsSync(join(dataDir, 'settings.json')), false);
  await screenshot(session, 'damaged-files');
  await (await session.find('[data-testid=damaged-accept]')).click();
  await session.find('[data-testid=welcome]');
});

test('the data directory is 0700 and every file in it 0600', async () => {
  assert.equal(mode(dataDir).toString(8), '700');
  const files = readdirSync(dataDir);
  assert.ok(files.includes('journal.sqlite3'), files.join(', '));
  for (const name of files) {
    const path = join(dataDir, name);
    if (statSync(path).isFile()) assert.equal(mode(path).toString(8), '600', name);
  }
});
