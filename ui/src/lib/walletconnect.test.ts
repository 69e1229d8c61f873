import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.svelte';
import { chainName, methodName, namedLine, noticeSentence } from './walletconnect';

describe('walletconnect names', () => {
  it('names chains in words and leaves unknown ones as they are', () => {
    expect(chainName('bip122:000000000019d6689c085ae165831e93')).toBe('Bitcoin');
    expect(chainName('bip122:000000000933ea01ad0ee984209779ba')).toBe('Bitcoin testnet');
    expect(chainName('eip155:1')).toBe('Ethereum');
    expect(chainName('eip155:999')).toBe('EVM chain 999');
    expect(chainName('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp')).toBe('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp');
  });

  it('says which parts are left out, and which of those the dApp requires', () => {
    expect(namedLine({ name: 'personal_sign', served: true, required: false }, methodName)).toBe(
      'Sign messages with your Ether account (you confirm each one)',
    );
    expect(namedLine({ name: 'eth_sendTransaction', served: false, required: false }, methodName)).toBe(
      'eth_sendTransaction — not offered by this wallet',
    );
    expect(namedLine({ name: 'eth_sendTransaction', served: false, required: true }, methodName)).toBe(
      'eth_sendTransaction — not offered by this wallet (the dApp requires it)',
    );
  });
});

describe('what happened without the user', () => {
  afterEach(() => setLanguage('en'));

  it('says it as the wallet always said it in English, and in the user’s language', async () => {
    // The Rust side's English (NoticeKind::text), which the relay tests read.
    expect(noticeSentence({ kind: 'refused', method: 'eth_sendTransaction', code: 3001, reason: 'Unauthorized method.' })).toBe(
      'a eth_sendTransaction request was refused without asking you: Unauthorized method. (3001)',
    );
    expect(noticeSentence({ kind: 'expired', method: 'personal_sign' })).toBe(
      'a personal_sign request expired before you answered it; nothing was signed',
    );
    await setLanguage('de');
    expect(noticeSentence({ kind: 'refused', method: 'signMessage', code: 5103, reason: 'Unsupported accounts.' })).toBe(
      'eine signMessage-Anfrage wurde ohne Rückfrage abgelehnt: Konto nicht geteilt. (5103)',
    );
    expect(noticeSentence({ kind: 'too_large', length: 10_000_000, limit: 262_144 })).toMatch(/^eine Nachricht mit 10\.000\.000 Zeichen/);
    // A code the screens have no words for keeps the Sign API's own.
    expect(noticeSentence({ kind: 'refused', method: 'x', code: 5100, reason: 'Unsupported chains.' })).toContain('Unsupported chains.');
    // The store's and relay's errors stay as they came.
    expect(noticeSentence({ kind: 'other', detail: 'the relay is not reachable: refused' })).toBe('the relay is not reachable: refused');
  });
});
