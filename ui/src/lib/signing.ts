// What the sign and verify screens say about schemes, addresses and Sign-In with Ethereum text.
import type { AddressFormat, SignatureKind, SignatureScheme } from './api';

/** The scheme's name and a line on when to choose it. */
export const schemeText: Record<SignatureScheme, { name: string; when: string }> = {
  electrum: {
    name: 'Electrum / Bitcoin Core',
    when: 'The most widely accepted (header 31–34); what AOPP uses. Choose it unless the exchange asks otherwise.',
  },
  bip137: {
    name: 'BIP-137',
    when: 'The header names the address type (35–42 for SegWit). Some exchanges, such as Bringin, require it for SegWit addresses.',
  },
  bip322: {
    name: 'BIP-322 simple',
    when: 'The newer standard, and the only one Taproot addresses have.',
  },
  'bip322-smp': {
    name: 'BIP-322 simple, “smp” prefix',
    when: 'As BIP-322 2.0.0 writes it. Only if the exchange asks for the prefix: older verifiers refuse it.',
  },
  eip191: {
    name: 'EIP-191 (personal_sign)',
    when: 'What every Ethereum wallet signs; shown as 0x… hex, and as base64.',
  },
};

/** The schemes a format can sign with, the likeliest first (as wallet-core's `for_format`). */
export function schemesFor(format: AddressFormat): SignatureScheme[] {
  switch (format) {
    case 'p2pkh':
    case 'p2sh':
      return ['electrum', 'bip137'];
    case 'p2wpkh':
      return ['electrum', 'bip137', 'bip322', 'bip322-smp'];
    case 'p2tr':
      return ['bip322', 'bip322-smp'];
    case 'standard':
      return ['eip191'];
  }
}

/** The format an address looks like, from its prefix; null when it looks like none. */
export function formatOf(address: string): AddressFormat | null {
  const text = address.trim();
  const lower = text.toLowerCase();
  if (/^0x[0-9a-f]{40}$/i.test(text)) return 'standard';
  if (/^(bc1p|tb1p|bcrt1p)/.test(lower)) return 'p2tr';
  if (/^(bc1q|tb1q|bcrt1q)/.test(lower)) return 'p2wpkh';
  if (/^[32]/.test(text)) return 'p2sh';
  if (/^[1mn]/.test(text)) return 'p2pkh';
  return null;
}

/** What a verified signature's details say, in words. */
export function kindText(kind: SignatureKind): string {
  switch (kind.scheme) {
    case 'core_message':
      return `Electrum / Bitcoin Core header ${kind.header}`;
    case 'bip137':
      return `BIP-137 header ${kind.header} (${kind.header >= 39 ? 'native SegWit' : 'nested SegWit'})`;
    case 'bip322_simple':
      return kind.prefixed ? 'BIP-322 simple, with the “smp” prefix' : 'BIP-322 simple, without prefix';
    case 'eip191':
      return `EIP-191, given as ${kind.hex ? '0x hex' : 'base64'}`;
  }
}

/** The characters outside ASCII in `text`, each once, with their code points. */
export function nonAscii(text: string): string[] {
  const seen = new Set<string>();
  for (const character of text) {
    if (character.codePointAt(0)! > 0x7e) seen.add(character);
  }
  return [...seen].map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
}

/** The fields of an EIP-4361 message: a login, not an ownership proof. */
export interface SignIn {
  domain: string;
  address: string;
  uri: string | null;
  nonce: string | null;
  issuedAt: string | null;
  expiresAt: string | null;
}

/** Reads `text` as a Sign-In with Ethereum message (EIP-4361), or null if it is not one. */
export function signIn(text: string): SignIn | null {
  const lines = text.replace(/^[\r\n\s]+/, '').split(/\r?\n/);
  const preamble = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(.+) wants you to sign in with your ethereum account:\s*$/i.exec(lines[0] ?? '');
  if (!preamble) return null;
  const field = (name: string) => {
    const line = lines.find((candidate) => candidate.startsWith(`${name}: `));
    return line ? line.slice(name.length + 2).trim() : null;
  };
  return {
    domain: preamble[1] ?? '',
    address: (lines[1] ?? '').trim(),
    uri: field('URI'),
    nonce: field('Nonce'),
    issuedAt: field('Issued At'),
    expiresAt: field('Expiration Time'),
  };
}
