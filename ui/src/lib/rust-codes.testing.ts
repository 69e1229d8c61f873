// For tests only: the error codes the Rust side can send, read from its sources.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Every code the Rust side can send must have a sentence of its own. The codes are read from
// the Rust sources, so a new variant without a sentence fails here.
export function rustCodes(): string[] {
  // `fn code(&self)` tables, and codes given inline as `ApiError::new("…"` or `=> "…"` maps.
  const tables = [
    '../wallet-core/src/aopp/error.rs',
    '../wallet-core/src/keys/mnemonic.rs',
    '../wallet-core/src/journal/mod.rs',
    '../wallet-core/src/sign/verify.rs',
    '../src-tauri/src/link_queue.rs',
    '../wallet-core/src/proof.rs',
    '../wallet-core/src/travel_address.rs',
    '../wallet-core/src/scan.rs',
    '../src-tauri/src/capture.rs',
    '../src-tauri/src/vault.rs',
    '../src-tauri/src/registration.rs',
  ];
  const inline = ['../src-tauri/src/api.rs', '../src-tauri/src/proofs.rs', '../src-tauri/src/receive.rs', '../src-tauri/src/scanning.rs', '../src-tauri/src/error.rs', '../src-tauri/src/commands.rs', '../src-tauri/src/signing.rs', '../src-tauri/src/descriptors.rs', '../src-tauri/src/connections.rs'];
  const codes = new Set<string>();
  // Vitest runs from ui/.
  const read = (file: string) => readFileSync(resolve(process.cwd(), file), 'utf8');
  for (const file of tables) {
    const text = read(file);
    const start = text.indexOf('fn code(&self)');
    const body = text.slice(start, text.indexOf('\n    }\n', start));
    for (const match of body.matchAll(/=> "([a-z_]+)"/g)) codes.add(match[1] ?? '');
  }
  for (const file of inline) {
    for (const match of read(file).matchAll(/(?:ApiError::new\(|=> )"([a-z_]+)"/g)) codes.add(match[1] ?? '');
  }
  return [...codes];
}
