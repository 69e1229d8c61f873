// WalletConnect's chains and methods in plain words, for the Connect screen.
import type { Named } from './api';

const bitcoinNetworks: Record<string, string> = {
  'bip122:000000000019d6689c085ae165831e93': 'Bitcoin',
  'bip122:000000000933ea01ad0ee984209779ba': 'Bitcoin testnet',
  'bip122:00000008819873e925422c1ff0f99f7c': 'Bitcoin signet',
  'bip122:0f9188f13cb7b2c71f2a335e3a4fc328': 'Bitcoin regtest',
};

const evmChains: Record<string, string> = {
  '1': 'Ethereum',
  '10': 'Optimism',
  '56': 'BNB Smart Chain',
  '137': 'Polygon',
  '8453': 'Base',
  '42161': 'Arbitrum One',
  '11155111': 'Ethereum Sepolia',
};

/** A CAIP-2 chain id in words (`eip155:1` → “Ethereum”); an unknown one as it is. */
export function chainName(chain: string): string {
  if (chain in bitcoinNetworks) return bitcoinNetworks[chain] ?? chain;
  const [namespace, reference] = chain.split(':');
  if (namespace === 'eip155' && reference !== undefined) return evmChains[reference] ?? `EVM chain ${reference}`;
  return chain;
}

const methods: Record<string, string> = {
  signMessage: 'Sign messages with your Bitcoin address (you confirm each one)',
  personal_sign: 'Sign messages with your Ether account (you confirm each one)',
  getAccountAddresses: 'See the Bitcoin address you share',
};

/** What a method lets the dApp do, in words. */
export function methodName(method: string): string {
  return methods[method] ?? method;
}

/** What the Connect screen says of one chain or method the dApp named. */
export function namedLine(named: Named, name: (text: string) => string): string {
  const base = name(named.name);
  if (named.served) return base;
  return `${base} — not offered by this wallet${named.required ? ' (the dApp requires it)' : ''}`;
}
