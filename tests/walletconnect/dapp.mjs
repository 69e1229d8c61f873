// The dApp side, as an exchange's page runs it: @walletconnect/sign-client 2.21.8 with its
// relay URL pointed at the test relay, no project id, telemetry off, state in a scratch dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignClient } from '@walletconnect/sign-client';

/** A sign client named `name` on the relay at `relayUrl`. */
export function signClient(relayUrl, name) {
  return SignClient.init({
    relayUrl,
    logger: process.env.WC_LOG ?? 'silent',
    telemetryEnabled: false,
    // Its own core (the library shares one per storage prefix in a process).
    customStoragePrefix: name,
    storageOptions: { database: join(mkdtempSync(join(tmpdir(), 'wc-')), 'walletconnect.db') },
    metadata: { name, description: `${name} (test)`, url: `https://${name}.example`, icons: [] },
  });
}

/** Closes a client's connection and stops its timers, so that the test's process can end. */
export async function closeClient(client) {
  client.core.heartbeat.stop();
  await client.core.relayer.transportClose().catch(() => {});
}
