// WalletConnect's chains and methods in plain words, for the Connect screen.
import type { Named, NoticeKind } from './api';
import { t } from './i18n.svelte';

const EVM_CHAINS: Record<string, string> = {
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
  switch (chain) {
    case 'bip122:000000000019d6689c085ae165831e93':
      return 'Bitcoin';
    case 'bip122:000000000933ea01ad0ee984209779ba':
      return t('walletconnect.bitcoinTestnet');
    case 'bip122:00000008819873e925422c1ff0f99f7c':
      return t('walletconnect.bitcoinSignet');
    case 'bip122:0f9188f13cb7b2c71f2a335e3a4fc328':
      return t('walletconnect.bitcoinRegtest');
  }
  const [namespace, reference] = chain.split(':');
  if (namespace === 'eip155' && reference !== undefined) return EVM_CHAINS[reference] ?? t('walletconnect.evmChain', { id: reference });
  return chain;
}

/** What a method lets the dApp do, in words. */
export function methodName(method: string): string {
  switch (method) {
    case 'signMessage':
      return t('walletconnect.signMessage');
    case 'personal_sign':
      return t('walletconnect.personalSign');
    case 'getAccountAddresses':
      return t('walletconnect.getAccountAddresses');
    default:
      return method;
  }
}

/** What the Connect screen says of one chain or method the dApp named. */
export function namedLine(named: Named, name: (text: string) => string): string {
  const base = name(named.name);
  if (named.served) return base;
  return t(named.required ? 'walletconnect.notOfferedRequired' : 'walletconnect.notOffered', { name: base });
}

/** Why a request was refused without asking, in words; the Sign API's own words otherwise. */
function refusalReason(code: number, reason: string): string {
  switch (code) {
    case 3001:
      return t('notices.reasonUnauthorizedMethod');
    case 5103:
      return t('notices.reasonUnsupportedAccounts');
    case -32602:
      return t('notices.reasonInvalidParams');
    default:
      return reason;
  }
}

/** What happened without the user, in words (Connections' list). */
export function noticeSentence(what: NoticeKind): string {
  switch (what.kind) {
    case 'expired':
      return t('notices.expired', { method: what.method });
    case 'late':
      return t('notices.late', { method: what.method });
    case 'refused':
      return t('notices.refused', { method: what.method, reason: refusalReason(what.code, what.reason), code: what.code });
    case 'too_large':
      return t('notices.tooLarge', { length: what.length, limit: what.limit });
    case 'unreadable':
      return t('notices.unreadable', { detail: what.detail });
    case 'not_json':
      return t('notices.notJson');
    case 'disconnected':
      return t('notices.disconnected');
    case 'session_expired':
      return t('notices.sessionExpired');
    case 'other':
      return what.detail;
  }
}
