// Runs the real app under tauri-driver (WebKitWebDriver) for the end-to-end tests.
// Expects a desktop session (scripts/desktop-session.sh): D-Bus, an unlocked gnome-keyring,
// an X display and scratch XDG directories.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, sleep } from './webdriver.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = process.env.AOPP_WALLET_BIN ?? join(ROOT, 'target/debug/aopp-wallet');
/** The launcher a clicked link runs (src-tauri/src/bin/aopp-wallet-open.rs), beside the app. */
export const LAUNCHER = join(dirname(APP), 'aopp-wallet-open');
const DRIVER_PORT = 4444;
const BASE = `http://127.0.0.1:${DRIVER_PORT}`;

export function requireSession() {
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME']) {
    if (!process.env[name]) throw new Error(`${name} is not set: run through scripts/desktop-session.sh`);
  }
}

/** tauri-driver, started once for the suite. */
export class Driver {
  constructor(child) {
    this.child = child;
    this.output = '';
    child.stdout.on('data', (chunk) => (this.output += chunk));
    child.stderr.on('data', (chunk) => (this.output += chunk));
  }

  /** `env` adds to (or overrides) the session's environment for the driver and the app. */
  static async start(env = {}) {
    requireSession();
    const child = spawn('tauri-driver', ['--port', String(DRIVER_PORT)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const driver = new Driver(child);
    driver.env = { ...process.env, ...env };
    driver.extraEnv = env;
    for (let i = 0; i < 100; i++) {
      try {
        const response = await fetch(`${BASE}/status`);
        if (response.ok) return driver;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`tauri-driver did not start: ${driver.output}`);
  }

  /**
   * Starts the app with `args` and waits for its first screen. WebKitWebDriver waits for ever
   * when the app exits before its window connects (seen on a loaded machine, relaunching right
   * after a session ended): after 90 s the driver is started afresh and the launch tried once
   * more.
   */
  async launch(args = []) {
    const capabilities = { 'tauri:options': { application: APP, args } };
    let session;
    try {
      session = await Session.start(BASE, capabilities, 90000);
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      console.error(`# the app did not come up in 90 s; starting tauri-driver afresh`);
      await this.respawn();
      session = await Session.start(BASE, capabilities, 90000);
    }
    await session.find('main > *:not(.muted)', 20000);
    return session;
  }

  /** Stops tauri-driver, WebKitWebDriver and the app, and starts tauri-driver again. */
  async respawn() {
    await this.stop();
    spawnSync('pkill', ['-TERM', '-f', 'WebKitWebDriver']);
    const fresh = await Driver.start(this.extraEnv);
    this.child = fresh.child;
    this.output = '';
    this.child.stdout.on('data', (chunk) => (this.output += chunk));
    this.child.stderr.on('data', (chunk) => (this.output += chunk));
  }

  /**
   * Ends `session` and starts the app again, as a user restarts it. The new launch waits until
   * the old process is gone: while it still holds the single-instance name (a loaded machine
   * can take seconds to close WebKit), the new one would hand itself over to it and exit.
   * `meanwhile` runs while the app is closed.
   */
  async relaunch(session, meanwhile = async () => {}) {
    await session.end();
    for (let waited = 0; spawnSync('pgrep', ['-f', `^${APP}( |$)`]).status === 0; waited += 100) {
      if (waited === 15000) spawnSync('pkill', ['-TERM', '-f', `^${APP}( |$)`]);
      if (waited > 20000) throw new Error('the app did not exit after its session ended');
      await sleep(100);
    }
    await meanwhile();
    return this.launch();
  }

  /**
   * SIGTERM, never SIGKILL: a killed tauri-driver orphans WebKitWebDriver on its port. An app
   * that outlived its session (one that owns the X clipboard can linger) is ended too, and the
   * driver's output pipes are closed: the app inherited them and would keep this process alive.
   */
  async stop() {
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    spawnSync('pkill', ['-TERM', '-f', APP]);
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }
}

/** Runs the app binary as a second launch (as a clicked link does) and waits for it to exit. */
export function launchAgain(args, command = APP, env = process.env) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`${command} ${args.join(' ')} did not exit: ${output}`));
    }, 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/**
 * The app's window as the X server shows it, as PNG bytes: what the user sees. (WebDriver's own
 * screenshot waits for a composited frame, which the app never draws: see src-tauri/src/webview.rs.)
 */
export async function windowPng() {
  await sleep(250); // the last change painted
  const search = spawnSync('xdotool', ['search', '--onlyvisible', '--name', '^AOPP Wallet$'], { encoding: 'utf8' });
  const id = search.stdout.trim().split('\n').filter(Boolean).at(-1);
  if (!id) throw new Error(`no AOPP Wallet window on the X screen: ${search.stderr}`);
  const shot = spawnSync('import', ['-window', id, 'png:-'], { maxBuffer: 64 << 20 });
  if (shot.status !== 0) throw new Error(`import failed: ${shot.stderr}`);
  return shot.stdout;
}

const AXE = join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

/**
 * Audits the screen shown with axe-core at WCAG 2.0 and 2.1 A and AA, in the theme the system
 * gives and in the other one (the page's own `prefers-color-scheme: dark` rules switched on or
 * off for the audit), and fails with every violation found.
 */
export async function audit(session, name) {
  if (!(await session.execute('return typeof window.axe === "object"'))) {
    await session.execute(`${readFileSync(AXE, 'utf8')}\nreturn true;`);
  }
  const found = await session.executeAsync(
    `const [tags, done] = arguments;
    const darkRules = [...document.styleSheets]
      .flatMap((sheet) => [...sheet.cssRules])
      .filter((rule) => rule.media && /prefers-color-scheme:\\s*dark/.test(rule.media.mediaText));
    const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
    const theme = (dark) => {
      for (const rule of darkRules) {
        rule.__media ??= rule.media.mediaText;
        rule.media.mediaText = dark === systemDark ? rule.__media : dark ? 'all' : 'not all';
      }
    };
    (async () => {
      const found = [];
      for (const dark of [systemDark, !systemDark]) {
        theme(dark);
        const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        for (const violation of violations) {
          for (const node of violation.nodes) {
            found.push(\`\${dark ? 'dark' : 'light'} \${violation.id} (\${violation.impact}) at \${node.target.join(' ')}: \${node.failureSummary.replace(/\\s+/g, ' ')}\`);
          }
        }
      }
      theme(systemDark);
      done(found);
    })().catch((error) => done([\`axe failed: \${error}\`]));`,
    [AXE_TAGS],
  );
  if (found.length > 0) throw new Error(`${name}: ${found.length} accessibility violations:\n${found.join('\n')}`);
}

/**
 * Saves a screenshot of the window under docs/screenshots, after auditing it (`audit`): every
 * screen pictured for the documentation passes the accessibility audit in both themes.
 */
export async function screenshot(session, name) {
  await audit(session, name);
  const dir = join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), await windowPng());
}

/**
 * A profile of its own for one test file (scratch XDG directories, no wallet in the keyring),
 * so that no file depends on what another left behind. Returns the directory and the
 * environment to start the driver with.
 */
export function freshProfile(name) {
  const home = join(process.env.AOPP_SESSION_DIR ?? '/tmp', `${name}-profile`);
  rmSync(home, { recursive: true, force: true });
  const env = { XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true });
  // secret-tool exits 1 when there was nothing to clear.
  spawnSync('secret-tool', ['clear', 'service', 'aopp-wallet', 'username', 'recovery-phrase']);
  return { home, env };
}

/** Imports `phrase` through the first-run screen and waits for the home screen. */
export async function importWallet(session, phrase) {
  await (await session.find('[data-testid=import]')).click();
  await (await session.find('[data-testid=phrase-input]')).type(`${phrase} `);
  await session.until('valid phrase', async () => /valid phrase/.test(await session.text('[data-testid=phrase-state]')));
  await (await session.find('[data-testid=import-submit]')).click();
  await session.find('[data-testid=home]');
}

/** Scrolls the request's message to its end, as a reader would (Approve waits for that). */
export async function readMessage(session) {
  await session.execute(
    "const box = document.querySelector('[data-testid=request-message]'); box.scrollTop = box.scrollHeight; box.dispatchEvent(new Event('scroll'));",
  );
}

/** Reads the message, clicks Approve once it is enabled, and returns the outcome element. */
export async function approveOnScreen(session) {
  await readMessage(session);
  const button = await session.find('[data-testid=approve]');
  await session.until('approve enabled', () => button.enabled());
  await button.click();
  return session.find('[data-testid=outcome]', 45000);
}

/** Sets the SOCKS5 proxy in Settings (empty for none) and comes back home. */
export async function setProxy(session, proxy) {
  await (await session.find('[data-testid=open-settings]')).click();
  const field = await session.find('[data-testid=proxy]');
  await field.clear();
  // WebDriver's clear fires no input event: tell the form, as deleting by hand would.
  await session.execute("document.querySelector('[data-testid=proxy]').dispatchEvent(new Event('input', { bubbles: true }))");
  if (proxy) await field.type(proxy);
  // The setting saves on change: leaving the field commits it.
  await session.execute("document.querySelector('[data-testid=proxy]').dispatchEvent(new Event('change', { bubbles: true }))");
  await session.until('proxy saved', async () => (await session.findAll('[data-testid=settings-error]')).length === 0);
  await (await session.find('[data-testid=close-settings]')).click();
  await session.find('[data-testid=home]');
}
