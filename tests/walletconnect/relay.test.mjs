// The test relay against the real client library on both sides (a dApp and a wallet, both
// @walletconnect/sign-client 2.21.8): pairing, session proposal and settlement through
// wc_proposeSession / wc_approveSession, a request and its answer, a disconnection survived.
// This checks the relay itself before the wallet's own client is tested against it. The
// library keeps timers running after its clients close; the test script ends the process
// once the tests are done (--test-force-exit).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRelay } from './relay.mjs';
import { closeClient, signClient } from './dapp.mjs';

let relay;
let dapp;
let wallet;
before(async () => {
  relay = await startRelay({ pingSeconds: 1 });
  [dapp, wallet] = await Promise.all([signClient(relay.url, 'dapp'), signClient(relay.url, 'wallet')]);
});
after(async () => {
  for (const client of [dapp, wallet]) if (client) await closeClient(client);
  await relay?.stop();
});

const ACCOUNT = 'eip155:1:0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const namespaces = { eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: [], accounts: [ACCOUNT] } };

async function connect() {
  const proposed = new Promise((resolve) => wallet.once('session_proposal', resolve));
  const { uri, approval } = await dapp.connect({
    optionalNamespaces: { eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: [] } },
  });
  await wallet.pair({ uri });
  const proposal = await proposed;
  const { acknowledged } = await wallet.approve({ id: proposal.id, namespaces });
  const [session] = await Promise.all([approval(), acknowledged()]);
  return session;
}

async function ask(session, message) {
  const asked = new Promise((resolve) => wallet.once('session_request', resolve));
  const answer = dapp.request({
    topic: session.topic,
    chainId: 'eip155:1',
    request: { method: 'personal_sign', params: [message, ACCOUNT.split(':')[2]] },
  });
  const request = await asked;
  assert.equal(request.params.request.params[0], message);
  await wallet.respond({ topic: request.topic, response: { id: request.id, jsonrpc: '2.0', result: `signed ${message}` } });
  return answer;
}

test('a dApp and a wallet pair, settle a session and exchange a request through the relay', { timeout: 30_000 }, async () => {
  const session = await connect();
  assert.deepEqual(session.namespaces.eip155.accounts, [ACCOUNT]);
  assert.equal(await ask(session, '0x68656c6c6f'), 'signed 0x68656c6c6f');
});

test('after the relay drops every connection, the clients reconnect and the session still works', { timeout: 30_000 }, async () => {
  const session = await connect();
  relay.steer('disconnect');
  await new Promise((done) => setTimeout(done, 1500));
  assert.equal(await ask(session, '0x616761696e'), 'signed 0x616761696e');
});
