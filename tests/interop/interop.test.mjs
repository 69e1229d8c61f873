// Interoperability of message signatures, both ways, with the libraries exchanges and wallets
// verify with: bitcoinjs-message (Electrum and BIP-137 headers), bip322-js (BIP-322 simple and
// BIP-137; the verifier Reown's AppKit uses) and ethers (EIP-191). The wallet side is the real
// `aopp` command line, as an integrator runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ecc from '@bitcoinerlab/secp256k1';
import { Signer, Verifier } from 'bip322-js';
import * as bitcoin from 'bitcoinjs-lib';
import bitcoinMessage from 'bitcoinjs-message';
import { ECPairFactory } from 'ecpair';
import { Wallet, verifyMessage } from 'ethers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AOPP = process.env.AOPP_BIN ?? join(ROOT, 'target/debug/aopp');
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
// What exchanges ask to have signed, with the non-ASCII text a Swiss one may use.
const MESSAGE = 'I confirm that I own this address. Zürich, 1 December 2026, reference 7f3a-11';

bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);

const scratch = mkdtempSync(join(tmpdir(), 'aopp-interop-'));
const mnemonicFile = join(scratch, 'words.txt');
writeFileSync(mnemonicFile, PHRASE, { mode: 0o600 });

/** Runs `aopp ARGS` and returns its exit code and JSON answer. */
function aopp(...args) {
  const run = spawnSync(AOPP, args, { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, json: run.stdout.trim() ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

function walletSigns(asset, format, scheme, message = MESSAGE) {
  const signed = aopp('sign', '--mnemonic-file', mnemonicFile, '--asset', asset, '--format', format, '--scheme', scheme, '--index', '4', message);
  assert.equal(signed.code, 0, signed.stderr);
  return signed.json;
}

function walletVerifies(asset, address, signature, message = MESSAGE) {
  return aopp('verify', '--asset', asset, address, message, signature);
}

test('the wallet\'s Electrum-header signatures verify in bitcoinjs-message, for every ECDSA format', () => {
  for (const format of ['p2pkh', 'p2sh', 'p2wpkh']) {
    const { address, signature } = walletSigns('btc', format, 'electrum');
    // Header 31..34 on a segwit address: bitcoinjs-message accepts it with checkSegwitAlways.
    assert.equal(bitcoinMessage.verify(MESSAGE, address, signature, null, true), true, format);
    assert.equal(bitcoinMessage.verify(`${MESSAGE}.`, address, signature, null, true), false, format);
  }
});

test('the wallet\'s BIP-137 signatures verify in bitcoinjs-message and in bip322-js (strict)', () => {
  for (const format of ['p2pkh', 'p2sh', 'p2wpkh']) {
    const { address, signature } = walletSigns('btc', format, 'bip137');
    assert.equal(bitcoinMessage.verify(MESSAGE, address, signature), true, format);
    assert.equal(Verifier.verifySignature(address, MESSAGE, signature, true), true, format);
  }
});

test('the wallet\'s BIP-322 simple signatures verify in bip322-js, for p2wpkh and p2tr', () => {
  for (const format of ['p2wpkh', 'p2tr']) {
    const { address, signature } = walletSigns('btc', format, 'bip322');
    assert.equal(Verifier.verifySignature(address, MESSAGE, signature), true, format);
    assert.equal(Verifier.verifySignature(address, `${MESSAGE}.`, signature), false, format);
  }
});

test('the wallet\'s EIP-191 signature recovers to its address in ethers', () => {
  const { address, signature } = walletSigns('eth', 'standard', 'eip191');
  assert.match(signature, /^0x[0-9a-f]{130}$/);
  assert.equal(verifyMessage(MESSAGE, signature), address);
});

/** A fresh key of the libraries' own and its addresses. */
function libraryKey() {
  const pair = ECPair.makeRandom();
  const pubkey = Buffer.from(pair.publicKey);
  const p2wpkh = bitcoin.payments.p2wpkh({ pubkey });
  return {
    pair,
    p2pkh: bitcoin.payments.p2pkh({ pubkey }).address,
    p2sh: bitcoin.payments.p2sh({ redeem: p2wpkh }).address,
    p2wpkh: p2wpkh.address,
    p2tr: bitcoin.payments.p2tr({ internalPubkey: pubkey.subarray(1, 33) }).address,
  };
}

test('bitcoinjs-message signatures verify in the wallet, with the scheme their header names', () => {
  const key = libraryKey();
  const secret = Buffer.from(key.pair.privateKey);
  const cases = [
    ['p2pkh', undefined, 'electrum'],
    ['p2sh', 'p2sh(p2wpkh)', 'bip137'],
    ['p2wpkh', 'p2wpkh', 'bip137'],
    // No segwit type: an Electrum header, which the wallet takes for a segwit address too.
    ['p2wpkh', undefined, 'electrum'],
  ];
  for (const [format, segwitType, scheme] of cases) {
    const signature = bitcoinMessage.sign(MESSAGE, secret, true, segwitType ? { segwitType } : undefined).toString('base64');
    const verified = walletVerifies('btc', key[format], signature);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.json.valid, true);
    assert.equal(verified.json.scheme, scheme, `${format} ${segwitType}`);
    assert.equal(walletVerifies('btc', key[format], signature, `${MESSAGE}.`).json.valid, false);
  }
});

test('bip322-js signatures verify in the wallet: BIP-322 simple for p2wpkh and p2tr, BIP-137 for p2pkh', () => {
  const key = libraryKey();
  const wif = key.pair.toWIF();
  for (const [format, scheme] of [['p2wpkh', 'bip322'], ['p2tr', 'bip322'], ['p2pkh', 'electrum']]) {
    const signature = Signer.sign(wif, key[format], MESSAGE);
    const verified = walletVerifies('btc', key[format], signature);
    assert.equal(verified.code, 0, `${format}: ${verified.stderr}`);
    assert.equal(verified.json.scheme, scheme, format);
    assert.equal(walletVerifies('btc', key[format], signature, `${MESSAGE}.`).code, 1, format);
  }
});

test('ethers signatures verify in the wallet, as hex and as base64', () => {
  const wallet = Wallet.createRandom();
  const signature = wallet.signMessageSync(MESSAGE);
  const asHex = walletVerifies('eth', wallet.address, signature);
  assert.equal(asHex.code, 0, asHex.stderr);
  assert.deepEqual([asHex.json.valid, asHex.json.scheme, asHex.json.kind.hex], [true, 'eip191', true]);
  const base64 = Buffer.from(signature.slice(2), 'hex').toString('base64');
  assert.equal(walletVerifies('eth', wallet.address, base64).json.valid, true);
  const other = Wallet.createRandom().address;
  assert.equal(walletVerifies('eth', other, signature).json.code, 'wrong_signer');
});

test('Sign-In with Ethereum messages written by the siwe library are refused as AOPP requests', async () => {
  const { SiweMessage } = await import('siwe');
  const wallet = Wallet.createRandom();
  const cases = [
    { domain: 'evil.example', uri: 'https://evil.example/login' },
    { domain: 'app.example.com:8443', uri: 'https://app.example.com:8443', scheme: 'https', statement: 'Sign in to verify your address.' },
    { domain: 'dapp.example', uri: 'https://dapp.example', expirationTime: '2026-12-01T10:00:00.000Z', resources: ['https://dapp.example/terms'] },
  ];
  for (const fields of cases) {
    const text = new SiweMessage({
      address: wallet.address,
      version: '1',
      chainId: 1,
      nonce: 'a1b2c3d4e5f6g7h8',
      issuedAt: '2026-12-01T09:00:00.000Z',
      ...fields,
    }).prepareMessage();
    const query = new URLSearchParams({ v: '0', msg: text, asset: 'eth', format: 'standard', callback: 'https://evil.example/p' });
    const parsed = aopp('parse', `aopp:?${query}`);
    assert.equal(parsed.code, 2, text);
    assert.match(parsed.stderr, /^error: sign_in_message: /, text);
  }
});
