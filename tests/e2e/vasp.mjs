// The local VASP (tests/vasp) as a child process, and a small HTTPS client for its API.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Driver, freshProfile, importWallet, ROOT } from './harness.mjs';

export const VASP_BIN = process.env.AOPP_TEST_VASP_BIN ?? join(ROOT, 'target/debug/aopp-test-vasp');

export class Vasp {
  /** With `socks5`, a SOCKS5 proxy runs beside it (`vasp.socks5`, `vasp.proxied()`). */
  static async start(dir, { hangSeconds = 40, socks5 = false } = {}) {
    const child = spawn(
      VASP_BIN,
      [
        '--ca-out', join(dir, 'vasp-ca.pem'),
        '--proofs-out', join(ROOT, 'target/e2e/proofs.jsonl'),
        '--hang-seconds', String(hangSeconds),
        ...(socks5 ? ['--socks5'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise((done, fail) => {
      let buffer = '';
      child.stdout.on('data', (chunk) => {
        buffer += chunk;
        if (buffer.includes('\n')) done(buffer.split('\n')[0]);
      });
      child.once('exit', (code) => fail(new Error(`aopp-test-vasp exited with ${code}`)));
    });
    const { url, ca, socks5: proxy } = JSON.parse(line);
    const vasp = new Vasp(child, url, ca);
    vasp.socks5 = proxy;
    return vasp;
  }

  constructor(child, url, caPath) {
    this.child = child;
    this.url = url;
    this.caPath = caPath;
    this.ca = readFileSync(caPath);
  }

  call(method, path, body) {
    return new Promise((done, fail) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const outgoing = request(
        `${this.url}${path}`,
        { method, ca: this.ca, headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {} },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            done({ status: response.statusCode, json: text ? JSON.parse(text) : null });
          });
        },
      );
      outgoing.on('error', fail);
      if (payload) outgoing.write(payload);
      outgoing.end();
    });
  }

  /** The raw bytes of a GET, e.g. a link's QR code as PNG. */
  bytes(path) {
    return new Promise((done, fail) => {
      request(`${this.url}${path}`, { ca: this.ca }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => done(Buffer.concat(chunks)));
      })
        .on('error', fail)
        .end();
    });
  }

  /** A new single-use link: { token, link, msg, … }. */
  async link(asset, format, options = {}) {
    const { status, json } = await this.call('POST', '/links', { asset, format, ...options });
    if (status !== 201) throw new Error(`link creation failed: ${status}`);
    return json;
  }

  async setMode(token, mode) {
    const { status } = await this.call('POST', `/links/${token}/mode`, mode);
    if (status !== 204) throw new Error(`mode change failed: ${status}`);
  }

  /** Everything the callback received for `token`. */
  /** Where the SOCKS5 proxy was asked to connect, in order. */
  async proxied() {
    return (await this.call('GET', '/proxied')).json;
  }

  async received(token) {
    const { json } = await this.call('GET', '/received');
    return json.filter((entry) => entry.token === token);
  }

  stop() {
    this.child.kill('SIGTERM');
  }
}

/**
 * A profile of its own, the local VASP, the driver trusting the VASP's CA, and the app started
 * with `phrase` imported: what every file that delivers proofs begins with.
 */
export async function startWithVasp(name, phrase, vaspOptions = {}) {
  const { home, env } = freshProfile(name);
  const vasp = await Vasp.start(home, vaspOptions);
  const driver = await Driver.start({ ...env, AOPP_WALLET_EXTRA_CA: vasp.caPath });
  const session = await driver.launch();
  await importWallet(session, phrase);
  return { home, vasp, driver, session };
}
