// An exchange's page asking to connect a wallet, as Reown AppKit's Bitcoin and Ether
// connectors ask: `node propose.mjs RELAY_URL` prints the pairing URI on a line of its own,
// then, once the wallet approved, the settled session's namespaces as JSON on the next line.
// Then each line on stdin, `{"chainId", "method", "params"}`, is asked of the wallet, and the
// answer printed as `{"result"}` or `{"error"}` — for personal_sign with the address ethers
// recovers from the signature (`recovered`); for bip122 signMessage with what bip322-js says
// of the signature (`verified`), read as Reown AppKit's Bitcoin connector reads it (hex, turned
// into base64). When the wallet ends the session, `{"event":"session_delete"}` is printed.
// A refused proposal prints `{"rejected": {code, message}}` instead, and the dApp stops.
// A line with `"expiryTimestamp"` is sent as it is, past the library's own checks (which
// insist on at least five minutes), to see what the wallet does with a request whose dApp
// stopped waiting: it prints `{"sent": id}`, and `{"answered": id, "error"}` if an answer ever
// comes. `{"garbage": true}` publishes an envelope that does not decrypt.
// It runs until stopped.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Verifier } from 'bip322-js';
import { verifyMessage } from 'ethers';
import { signClient } from './dapp.mjs';

const [relayUrl] = process.argv.slice(2);
const dapp = await signClient(relayUrl, 'exchange');
const { uri, approval } = await dapp.connect({
  optionalNamespaces: {
    bip122: {
      chains: ['bip122:000000000019d6689c085ae165831e93'],
      methods: ['signMessage', 'getAccountAddresses'],
      events: ['bip122_addressesChanged'],
    },
    eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: ['accountsChanged'] },
  },
});
console.log(uri);
const session = await approval().catch((error) => {
  // The wallet refused the proposal: what it answered, and the dApp stops.
  console.log(JSON.stringify({ rejected: { code: error.code, message: error.message } }));
  process.exit(0);
});
console.log(JSON.stringify({ namespaces: session.namespaces, peer: session.peer.metadata.name }));
dapp.on('session_delete', ({ topic }) => {
  if (topic === session.topic) console.log(JSON.stringify({ event: 'session_delete' }));
});

const raw = new Set();
dapp.core.relayer.on('relayer_message', async ({ topic, message }) => {
  if (topic !== session.topic) return;
  const payload = await dapp.core.crypto.decode(topic, message).catch(() => null);
  if (payload && raw.has(payload.id) && ('result' in payload || 'error' in payload)) {
    console.log(JSON.stringify({ answered: payload.id, error: payload.error }));
  }
});

for await (const line of createInterface({ input: process.stdin })) {
  const { chainId, method, params, expiryTimestamp, garbage } = JSON.parse(line);
  if (garbage) {
    // Random bytes as a type 0 envelope on the session's topic: it does not decrypt.
    const envelope = Buffer.concat([Buffer.from([0]), randomBytes(12), randomBytes(64)]).toString('base64');
    await dapp.core.relayer.publish(session.topic, envelope, { ttl: 300, tag: 1108 });
    console.log(JSON.stringify({ sent: 'garbage' }));
    continue;
  }
  if (expiryTimestamp !== undefined) {
    const id = Date.now() * 1000 + Math.floor(Math.random() * 1000);
    raw.add(id);
    const request = { id, jsonrpc: '2.0', method: 'wc_sessionRequest', params: { request: { method, params, expiryTimestamp }, chainId } };
    const message = await dapp.core.crypto.encode(session.topic, request);
    if (message.length < 1000000) {
      await dapp.core.relayer.publish(session.topic, message, { ttl: 300, tag: 1108 });
    } else {
      // sign-client's logger throws on a record over 1 MB (its publisher logs every message),
      // so a larger one goes straight onto the dApp's relay connection.
      const publish = { id: id + 1, jsonrpc: '2.0', method: 'irn_publish', params: { topic: session.topic, message, ttl: 300, tag: 1108 } };
      await dapp.core.relayer.provider.connection.send(publish);
    }
    console.log(JSON.stringify({ sent: id }));
    continue;
  }
  try {
    const result = await dapp.request({ topic: session.topic, chainId, request: { method, params } });
    const recovered = method === 'personal_sign' ? verifyMessage(Buffer.from(params[0].slice(2), 'hex'), result) : undefined;
    const verified =
      method === 'signMessage'
        ? Verifier.verifySignature(params.address, params.message, Buffer.from(result.signature, 'hex').toString('base64'))
        : undefined;
    console.log(JSON.stringify({ result, recovered, verified }));
  } catch (error) {
    console.log(JSON.stringify({ error: { code: error.code, message: error.message } }));
  }
}
