// An exchange's page asking to connect a wallet, as Reown AppKit's Bitcoin and Ether
// connectors ask: `node propose.mjs RELAY_URL` prints the pairing URI on a line of its own,
// then waits (for the wallet's answer) until it is stopped.
import { signClient } from './dapp.mjs';

const [relayUrl] = process.argv.slice(2);
const dapp = await signClient(relayUrl, 'exchange');
const { uri } = await dapp.connect({
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
