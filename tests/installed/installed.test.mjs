// The packaged app as a user meets it: the release .deb unpacked with dpkg-deb into a root of
// its own (its usr/bin on PATH and its usr/share in XDG_DATA_DIRS, where installing would put
// them; nothing is installed on the machine), started once from the menu as a first start is,
// then an aopp: link opened by plain xdg-open with the environment Chromium gives what it
// starts (NO_AT_BRIDGE=1). The packaged binary has no test switches: nothing is delivered here.
// Run inside scripts/desktop-session.sh, after scripts/packages.sh.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const ATSPI = join(ROOT, 'tests/e2e/atspi.py');
const BUNDLE = join(ROOT, 'target/release/bundle/deb');
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let unpacked;
let env;
const started = [];

/** Waits up to `ms` for `check` to hold, polling. */
async function until(what, check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

/** The app's process: the one running the unpacked binary. */
function appPid() {
  const found = spawnSync('pgrep', ['-f', '-n', `^${unpacked}/usr/bin/aopp-wallet( |$)`], { encoding: 'utf8' });
  return found.status === 0 ? Number(found.stdout.trim()) : null;
}

function environ(pid) {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

async function stopApp() {
  const pid = appPid();
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  await until('the app gone', () => !appPid(), 15000);
}

/** Opens `link` as a browser does, in `extra`'s locale; returns the output the app writes. */
function xdgOpen(link, extra = {}) {
  const child = spawn('xdg-open', [link], {
    env: { ...env, ...extra, NO_AT_BRIDGE: '1', AOPP_WALLET_TRACE_STARTUP: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const output = { text: '' };
  child.stdout.on('data', (chunk) => (output.text += chunk));
  child.stderr.on('data', (chunk) => (output.text += chunk));
  return output;
}

function atspiRead(pid, button) {
  return JSON.parse(execFileSync('/usr/bin/python3', [ATSPI, 'read', String(pid), button, '60'], { encoding: 'utf8' }));
}

before(() => {
  const debs = readdirSync(BUNDLE).filter((name) => /^aopp-wallet_.*\.deb$/.test(name));
  assert.equal(debs.length, 1, `one .deb in ${BUNDLE}: ${debs}`);
  unpacked = mkdtempSync(join(tmpdir(), 'aopp-unpacked-'));
  execFileSync('dpkg-deb', ['-x', join(BUNDLE, debs[0]), unpacked]);
  const profile = mkdtempSync(join(process.env.AOPP_SESSION_DIR ?? tmpdir(), 'installed-'));
  env = {
    ...process.env,
    PATH: `${unpacked}/usr/bin:${process.env.PATH}`,
    XDG_DATA_DIRS: `${unpacked}/usr/share:/usr/local/share:/usr/share`,
    XDG_DATA_HOME: join(profile, 'data'),
    XDG_CONFIG_HOME: join(profile, 'config'),
    XDG_CACHE_HOME: join(profile, 'cache'),
  };
  spawnSync('secret-tool', ['clear', 'service', 'aopp-wallet', 'username', 'recovery-phrase']);
  const stored = spawnSync('secret-tool', ['store', '--label=AOPP Wallet', 'service', 'aopp-wallet', 'username', 'recovery-phrase'], {
    input: JSON.stringify({ mnemonic: PHRASE, passphrase: '' }),
  });
  assert.equal(stored.status, 0, String(stored.stderr));
});

after(async () => {
  await stopApp().catch(() => {});
  for (const child of started) child.kill('SIGTERM');
  rmSync(unpacked, { recursive: true, force: true });
});

test('the first start registers the packaged app for aopp: links', async () => {
  const first = spawn(`${unpacked}/usr/bin/aopp-wallet`, [], { env, stdio: 'ignore' });
  started.push(first);
  const handler = await until('a handler for aopp:', () => {
    const query = spawnSync('xdg-mime', ['query', 'default', 'x-scheme-handler/aopp'], { env, encoding: 'utf8' });
    return query.stdout.trim();
  });
  assert.match(handler, /^aopp-wallet.*\.desktop$/);
  await stopApp();
});

test('a link opened by xdg-open as Chromium opens it: the confirmation, on the accessibility bus, private files', async () => {
  const link = 'aopp:?v=0&msg=Installed%20check%3A%20nonce%2077&asset=btc&format=p2wpkh&callback=https%3A%2F%2Fvasp.example%2Fp%2F77';
  const output = xdgOpen(link, { LANG: 'C.UTF-8' });
  await until('the confirmation painted', () => /painted confirmation/.test(output.text), 30000);
  const pid = appPid();
  assert.ok(pid, 'the app runs');

  // Chromium's NO_AT_BRIDGE is dropped (the app's own /proc environ keeps what it was started
  // with; its children show what it passes on); WebKit's processes get the app's settings.
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  const webkit = children.filter((child) => /^WebKit/.test(readFileSync(`/proc/${child}/comm`, 'utf8')));
  assert.ok(webkit.length >= 2, `WebKit's web and network processes: ${children}`);
  for (const child of webkit) {
    const variables = environ(child);
    for (const wanted of ['JSC_useJIT=false', 'WEBKIT_DISABLE_COMPOSITING_MODE=1', 'WEBKIT_DISABLE_DMABUF_RENDERER=1']) {
      assert.ok(variables.includes(wanted), `${wanted} in ${readFileSync(`/proc/${child}/comm`, 'utf8').trim()}`);
    }
    assert.ok(!variables.some((entry) => entry.startsWith('NO_AT_BRIDGE=')));
  }
  assert.match(readFileSync(`/proc/${pid}/limits`, 'utf8'), /^Max core file size\s+0\s+0\s+bytes/m);
  // The graphics driver (Mesa, and LLVM with it) only where the page is drawn, not in the app's
  // own process (process.rs: keep_graphics_driver_out_of_ui_process).
  const driver = (maps) => /\/dri\/|libLLVM/.test(maps);
  assert.equal(driver(readFileSync(`/proc/${pid}/maps`, 'utf8')), false, 'no graphics driver in the app process');
  const web = webkit.find((child) => readFileSync(`/proc/${child}/comm`, 'utf8').startsWith('WebKitWebProces'));
  assert.ok(web && driver(readFileSync(`/proc/${web}/maps`, 'utf8')), 'the web process draws with its driver');
  assert.ok(readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libsqlite3.so'), "the system's SQLite");

  // A screen reader finds the app and starts on the asking domain.
  const nodes = atspiRead(pid, 'Approve and send');
  assert.equal(nodes.find((node) => node.focused && node.role === 'heading')?.text, 'vasp.example');
  assert.ok(nodes.some((node) => node.text === 'Installed check: nonce 77'), 'the message read as sent');

  const data = join(env.XDG_DATA_HOME, 'org.aoppwallet.desktop');
  assert.equal((statSync(data).mode & 0o777).toString(8), '700');
  for (const file of ['journal.sqlite3', 'pending-links.json']) {
    assert.equal((statSync(join(data, file)).mode & 0o777).toString(8), '600', file);
  }
  writeFileSync(join(ROOT, 'docs/screenshots/installed-xdg-open.png'), execFileSync('import', ['-window', 'root', 'png:-'], { maxBuffer: 64 << 20 }));
  await stopApp();
});

test("in the locale's language: Swiss German from LC_ALL, its texts loaded from the package", async () => {
  const link = 'aopp:?v=0&msg=Installed%20check%3A%20nonce%2078&asset=btc&format=p2wpkh&callback=https%3A%2F%2Fvasp.example%2Fp%2F78';
  const output = xdgOpen(link, { LANG: 'C.UTF-8', LC_ALL: 'de_CH.UTF-8' });
  await until('the confirmation painted', () => /painted confirmation/.test(output.text), 30000);
  const nodes = atspiRead(appPid(), 'Bestätigen und senden');
  assert.equal(nodes.find((node) => node.focused && node.role === 'heading')?.text, 'vasp.example');
  assert.ok(nodes.some((node) => node.text === 'Was Sie nachweisen'), JSON.stringify(nodes.map((node) => node.text)));
  // The first link, never answered, is still waiting after the restart, ahead of the new one.
  const texts = nodes.map((node) => node.text);
  assert.ok(texts.includes('Anfrage 1 von 2'), JSON.stringify(texts));
  assert.ok(texts.includes('Installed check: nonce 77'), 'the message as sent, not translated');
  await stopApp();
});
