import { describe, expect, it } from 'vitest';
import { formatOf, kindText, nonAscii, schemesFor, signIn } from './signing';

describe('signing', () => {
  it('offers taproot only BIP-322 and puts the likeliest scheme first', () => {
    expect(schemesFor('p2tr')).toEqual(['bip322', 'bip322-smp']);
    expect(schemesFor('p2wpkh')[0]).toBe('electrum');
    expect(schemesFor('standard')).toEqual(['eip191']);
  });

  it('tells the format of a typed address from its prefix', () => {
    expect(formatOf(' bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr ')).toBe('p2tr');
    expect(formatOf('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toBe('p2wpkh');
    expect(formatOf('37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf')).toBe('p2sh');
    expect(formatOf('1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA')).toBe('p2pkh');
    expect(formatOf('0x9858EfFD232B4033E47d90003D41EC34EcaEda94')).toBe('standard');
    expect(formatOf('hello')).toBeNull();
  });

  it('points out the characters outside ASCII once each', () => {
    expect(nonAscii('Zürich, Zürich — ok')).toEqual(['ü (U+00FC)', '— (U+2014)']);
    expect(nonAscii('plain')).toEqual([]);
  });

  it('reads a Sign-In with Ethereum message as a login with its fields', () => {
    const message = [
      'https://app.example.com wants you to sign in with your Ethereum account:',
      '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
      '',
      'URI: https://app.example.com/login',
      'Version: 1',
      'Chain ID: 1',
      'Nonce: 32891756',
      'Issued At: 2026-12-01T09:00:00Z',
      'Expiration Time: 2026-12-01T10:00:00Z',
    ].join('\n');
    expect(signIn(message)).toEqual({
      domain: 'app.example.com',
      address: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
      uri: 'https://app.example.com/login',
      nonce: '32891756',
      issuedAt: '2026-12-01T09:00:00Z',
      expiresAt: '2026-12-01T10:00:00Z',
    });
    expect(signIn('I own this address.')).toBeNull();
  });

  it('names what a verified signature is', () => {
    expect(kindText({ scheme: 'bip137', header: 40 })).toContain('native SegWit');
    expect(kindText({ scheme: 'bip322_simple', prefixed: true })).toContain('smp');
    expect(kindText({ scheme: 'eip191', hex: true })).toContain('0x hex');
  });
});
