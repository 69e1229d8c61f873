// Computes what the wallet's walletconnect crate must reproduce, with WalletConnect's own
// libraries (@walletconnect/utils and @walletconnect/relay-auth, the versions the dApp side of
// the end-to-end tests runs). Reads the inputs as JSON on stdin, prints the outputs as JSON.
// Run by walletconnect/tests/vectors.rs.
import { readFileSync } from 'node:fs';
import { decrypt, deriveSymKey, encrypt, formatUri, hashKey, parseUri } from '@walletconnect/utils';
import { encodeIss, generateKeyPair, signJWT } from '@walletconnect/relay-auth';

const input = JSON.parse(readFileSync(0, 'utf8'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');

const output = {
  topics: input.keys.map((key) => hashKey(key)),
  agreed: input.agreements.map(({ privateKey, peerPublicKey }) => deriveSymKey(privateKey, peerPublicKey)),
  sealed: input.seals.map((seal) =>
    encrypt({ type: seal.senderPublicKey ? 1 : 0, symKey: seal.symKey, message: seal.message, iv: seal.iv, senderPublicKey: seal.senderPublicKey ?? undefined }),
  ),
  opened: input.opens.map(({ symKey, encoded }) => decrypt({ symKey, encoded })),
  uris: input.uris.map((uri) => formatUri({ protocol: 'wc', version: 2, relay: { protocol: 'irn' }, ...uri })),
  parsed: input.parse.map((text) => parseUri(text)),
  jwts: await Promise.all(
    input.jwts.map(async ({ seed, sub, aud, iat, ttl }) => {
      const keyPair = generateKeyPair(Buffer.from(seed, 'hex'));
      return { iss: encodeIss(keyPair.publicKey), jwt: await signJWT(sub, aud, ttl, keyPair, iat), publicKey: hex(keyPair.publicKey) };
    }),
  ),
};
process.stdout.write(JSON.stringify(output));
