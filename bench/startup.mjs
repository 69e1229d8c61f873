// Start-up benchmark (a script, not a test): run through scripts/bench-startup.sh.
// Measures, over N runs (default 12), the median of:
//   cold  — a clicked link with no app running (the launcher, which becomes the app) until the
//           confirmation screen is painted;
//   warm  — a clicked link while the app runs (the launcher hands it over) until it is painted;
//   hand-over process — how long that second process lives;
//   PSS   — idle memory of the app and its WebKit processes, summed;
// and the sizes of the release binary and the .deb.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const APP = process.env.AOPP_WALLET_BIN ?? join(ROOT, 'target/release/aopp-wallet');
// What the desktop entry runs for a clicked link (src-tauri/src/bin/aopp-wallet-open.rs).
const LAUNCHER = join(dirname(APP), 'aopp-wallet-open');
const RUNS = Number(process.env.RUNS ?? 12);
const DATA = join(process.env.XDG_DATA_HOME, 'org.aoppwallet.desktop');
const env = { ...process.env, AOPP_WALLET_TRACE_STARTUP: '1' };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const link = (n) =>
  `aopp:?${new URLSearchParams({ v: '0', msg: `Benchmark run ${n}: I confirm this address.`, asset: 'btc', format: 'any', callback: `https://vasp.example/p/${n}` })}`;

/** Starts the app; resolves each `painted <screen>` line's time through `waitFor`. */
function start(args) {
  const child = spawn(LAUNCHER, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const [word, screen, millis] = line.split(' ');
      if (word !== 'painted') continue;
      lines.push({ screen, at: Number(millis) });
      for (const waiter of [...waiters]) waiter();
    }
  });
  const waitFor = (screen, after) =>
    new Promise((done, fail) => {
      const check = () => {
        const found = lines.find((line) => line.screen === screen && line.at >= after);
        if (found) {
          waiters.splice(waiters.indexOf(check), 1);
          clearTimeout(timer);
          done(found.at);
        }
      };
      const timer = setTimeout(() => fail(new Error(`no painted ${screen}`)), 30000);
      waiters.push(check);
      check();
    });
  return { child, waitFor };
}

async function stop(child) {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  await sleep(300); // let the WebKit processes go too
}

function run(command, args) {
  return new Promise((done) => spawn(command, args, { env, stdio: 'ignore' }).once('exit', done));
}

/** PSS in KiB of `pid` and all its descendants. */
function pss(pid) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const family = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (family.has(parent) && !family.has(child)) {
        family.add(child);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const member of family) {
    try {
      const rollup = readFileSync(`/proc/${member}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return { kib: total, processes: family.size };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const cold = [];
const warm = [];
const handOver = [];
const memory = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(join(DATA, 'pending-links.json'), { force: true });
  const before = Date.now();
  const first = start([link(`cold-${i}`)]);
  cold.push((await first.waitFor('request', before)) - before);
  await stop(first.child);

  rmSync(join(DATA, 'pending-links.json'), { force: true });
  const running = start([]);
  await running.waitFor('home', 0);
  await sleep(2000); // idle
  const measured = pss(running.child.pid);
  memory.push(measured.kib / 1024);
  const sent = Date.now();
  await run(LAUNCHER, [link(`warm-${i}`)]);
  handOver.push(Date.now() - sent);
  warm.push((await running.waitFor('request', sent)) - sent);
  await stop(running.child);
  console.error(`run ${i + 1}/${RUNS}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms (hand-over ${handOver.at(-1)} ms), PSS ${memory.at(-1).toFixed(1)} MiB in ${measured.processes} processes`);
}

const size = (path) => (existsSync(path) ? statSync(path).size : null);
const debDir = join(ROOT, 'target/release/bundle/deb');
const deb = existsSync(debDir) ? readdirSync(debDir).find((name) => name.endsWith('.deb')) : undefined;
const result = {
  runs: RUNS,
  cold_start_to_confirmation_ms: { median: median(cold), min: Math.min(...cold), max: Math.max(...cold) },
  link_to_running_instance_ms: { median: median(warm), min: Math.min(...warm), max: Math.max(...warm) },
  hand_over_process_ms: { median: median(handOver), min: Math.min(...handOver), max: Math.max(...handOver) },
  idle_pss_mib: { median: Number(median(memory).toFixed(1)) },
  release_binary_bytes: size(APP),
  deb_bytes: deb ? size(join(debDir, deb)) : null,
};
mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
writeFileSync(join(ROOT, 'target/bench/startup.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
