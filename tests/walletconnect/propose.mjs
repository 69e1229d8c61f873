// An exchange's page asking to connect a wallet, as Reown AppKit's Bitcoin and Ether
// connectors ask: `node propose.mjs RELAY_URL` prints the pairing URI on a line of its own,
// then, once the wallet approved, the settled session's namespaces as JSON on the next line;
// it runs until it is stopped.
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
const session = await approval();
console.log(JSON.stringify({ namespaces: session.namespaces, peer: session.peer.metadata.name }));
