import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describe as describeError, hasSentence } from './messages';

// Every code the Rust side can send must have a sentence of its own. The codes are read from
// the Rust sources, so a new variant without a sentence fails here.
function rustCodes(): string[] {
  const files = [
    '../wallet-core/src/aopp/error.rs',
    '../wallet-core/src/keys/mnemonic.rs',
    '../src-tauri/src/vault.rs',
    '../src-tauri/src/registration.rs',
  ];
  const codes = new Set<string>();
  for (const file of files) {
    // Vitest runs from ui/.
    const text = readFileSync(resolve(process.cwd(), file), 'utf8');
    const body = text.slice(text.indexOf('fn code(&self)'));
    for (const match of body.matchAll(/=> "([a-z_]+)"/g)) codes.add(match[1] ?? '');
  }
  return [...codes];
}

describe('messages', () => {
  it('has a sentence for every code the wallet and the shell send', () => {
    const codes = rustCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !hasSentence(code))).toEqual([]);
  });

  it('falls back to naming the code', () => {
    expect(describeError({ code: 'brand_new', message: '' })).toContain('brand_new');
  });

  it('never shows the raw message as the sentence', () => {
    expect(describeError({ code: 'bad_checksum', message: 'checksum does not match' })).not.toBe(
      'checksum does not match',
    );
  });
});
