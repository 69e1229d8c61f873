// What the sign and verify screens say about schemes, addresses and Sign-In with Ethereum text.
import type { AddressFormat, SignatureKind, SignatureScheme } from './api';
import { t } from './i18n.svelte';

/** The scheme's name. */
export function schemeName(scheme: SignatureScheme): string {
  switch (scheme) {
    case 'electrum':
      return t('schemes.electrum');
    case 'bip137':
      return t('schemes.bip137');
    case 'bip322':
      return t('schemes.bip322');
    case 'bip322-smp':
      return t('schemes.bip322Smp');
    case 'eip191':
      return t('schemes.eip191');
  }
}

/** A line on when to choose the scheme. */
export function schemeWhen(scheme: SignatureScheme): string {
  switch (scheme) {
    case 'electrum':
      return t('schemes.electrumWhen');
    case 'bip137':
      return t('schemes.bip137When');
    case 'bip322':
      return t('schemes.bip322When');
    case 'bip322-smp':
      return t('schemes.bip322SmpWhen');
    case 'eip191':
      return t('schemes.eip191When');
  }
}

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
      return t('schemes.kindElectrum', { header: kind.header });
    case 'bip137':
      return t(kind.header >= 39 ? 'schemes.kindBip137Native' : 'schemes.kindBip137Nested', { header: kind.header });
    case 'bip322_simple':
      return kind.prefixed ? t('schemes.kindBip322Prefixed') : t('schemes.kindBip322');
    case 'eip191':
      return kind.hex ? t('schemes.kindEip191Hex') : t('schemes.kindEip191Base64');
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
