import { describe, expect, it } from 'vitest';
import { chainName, methodName, namedLine } from './walletconnect';

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
