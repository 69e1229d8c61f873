// Starts the test relay (tests/wc-relay) for a test; its binary comes from the cargo build of
// the test command (target/debug), or from $WC_TEST_RELAY.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BINARY = process.env.WC_TEST_RELAY ?? fileURLToPath(new URL('../../target/debug/wc-test-relay', import.meta.url));

/** Starts a relay on `port` (0: any free port); resolves once it listens. */
export async function startRelay({ port = 0, pingSeconds = 20 } = {}) {
  const child = spawn(BINARY, ['--port', String(port), '--ping-seconds', String(pingSeconds)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^listening (ws:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]);
      else reject(new Error(`the relay said ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
    child.once('error', reject);
  });
  return {
    url,
    /** `disconnect`, or `down SECONDS`. */
    steer: (command) => child.stdin.write(`${command}\n`),
    stop: () => new Promise((done) => { child.once('exit', done); child.kill(); }),
  };
}
