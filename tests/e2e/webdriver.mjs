// A small W3C WebDriver client over fetch: just what the end-to-end tests use.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(status, value) {
    super(`${status}: ${value?.error ?? ''} ${value?.message ?? JSON.stringify(value)}`);
    this.value = value;
  }
}

async function request(base, method, path, body, timeout = undefined) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: timeout === undefined ? undefined : AbortSignal.timeout(timeout),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new WebDriverError(response.status, json.value);
  return json.value;
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** A new session; `timeout` ms at most for the browser to come up (none if undefined). */
  static async start(base, capabilities, timeout = undefined) {
    const value = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, timeout);
    return new Session(base, value.sessionId);
  }

  call(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    await this.call('DELETE', '');
  }

  /** The first element matching `css`, waiting up to `timeout` ms for it to appear. */
  async find(css, timeout = 10000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        const value = await this.call('POST', '/element', { using: 'css selector', value: css });
        return new Element(this, value[ELEMENT]);
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no element ${css} within ${timeout} ms: ${error.message}`);
        await sleep(100);
      }
    }
  }

  async findAll(css) {
    const values = await this.call('POST', '/elements', { using: 'css selector', value: css });
    return values.map((value) => new Element(this, value[ELEMENT]));
  }

  /** Waits until `predicate()` is truthy, returning its value. */
  async until(what, predicate, timeout = 10000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await predicate();
        if (last) return last;
      } catch (error) {
        last = error.message;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
      await sleep(100);
    }
  }

  async text(css) {
    return (await this.find(css)).text();
  }

  /** The element that has the keyboard focus. */
  async active() {
    return new Element(this, (await this.call('GET', '/element/active'))[ELEMENT]);
  }

  execute(script, args = []) {
    return this.call('POST', '/execute/sync', { script, args });
  }

  /** Runs `script`, whose last argument is the callback it answers with. */
  executeAsync(script, args = []) {
    return this.call('POST', '/execute/async', { script, args });
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  call(method, path, body) {
    return this.session.call(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.call('POST', '/click', {});
  }

  type(text) {
    return this.call('POST', '/value', { text });
  }

  clear() {
    return this.call('POST', '/clear', {});
  }

  text() {
    return this.call('GET', '/text');
  }

  property(name) {
    return this.call('GET', `/property/${name}`);
  }

  attribute(name) {
    return this.call('GET', `/attribute/${name}`);
  }

  enabled() {
    return this.call('GET', '/enabled');
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
