// The one module that talks to Rust. Every command is typed here; errors arrive as
// `{ code, message }` and the UI switches on `code` only.
import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

export type Network = 'mainnet' | 'testnet' | 'signet' | 'regtest';
export type BitcoinFormat = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2tr';
export type AddressFormat = BitcoinFormat | 'standard';

export interface ApiError {
  code: string;
  message: string;
}

export interface Settings {
  network: Network;
  preferred_format: BitcoinFormat;
  socks5_proxy: string | null;
  travel_address: string | null;
  /** The WalletConnect relay, when not WalletConnect's own. */
  walletconnect_relay: string | null;
  /** The Reown project id, when not the one built in. */
  walletconnect_project_id: string | null;
  /** The language of the screens, when not the system's. */
  language: Language | null;
}

/** A language the screens are written in (`src/locales/`). */
export type Language = 'en' | 'de' | 'de-CH' | 'fr' | 'it';

/** The language picked in Settings, if any, and the system's (from the locale). */
export interface LanguageView {
  system: Language;
  chosen: Language | null;
}

/** What the Settings screen changes; Rust keeps every field it does not name. */
export interface SettingsChange {
  network?: Network;
  preferred_format?: BitcoinFormat;
  /** A new proxy; an empty text removes it. */
  socks5_proxy?: string;
  /** A new relay URL; an empty text goes back to WalletConnect's. */
  walletconnect_relay?: string;
  /** A new project id; an empty text removes it. */
  walletconnect_project_id?: string;
  /** A language, or `system` to follow the locale again. */
  language?: Language | 'system';
}

/** A file that could not be read at start, kept aside. */
export interface DamagedFile {
  kind: 'settings' | 'pending_links';
  path: string;
  kept_as: string | null;
  reason: string;
}

export interface Status {
  has_wallet: boolean;
  settings: Settings;
  damaged_files: DamagedFile[];
}

export interface Draft {
  words: string[];
  /** 1-based positions to type back. */
  quiz: number[];
}

export interface AoppRequest {
  version: number;
  msg: string;
  asset: 'btc' | 'eth';
  format: AddressFormat | 'any';
  callback: string;
  callback_host: string;
  /** The exchange also asks for the account's extended public key (BitBoxApp's extension). */
  xpub_required?: boolean;
}

export interface LinkView {
  id: number;
  link: string;
  request: AoppRequest | null;
  error: ApiError | null;
  /** The proof already made for this link's callback: it is not signed again. */
  existing_proof: ProofView | null;
}

export type EthAccount = 'first' | 'new';

export interface CallbackOrigin {
  registrable_domain: string;
  host: string;
  port: number | null;
  unicode_host: string | null;
  mixed_scripts: boolean;
  ip_literal: boolean;
}

/** The waiting links, and the head request's preview for the first Ether account (if it has one). */
export interface QueueView {
  links: LinkView[];
  head_preview: Preview | null;
}

export interface Preview {
  link_id: number;
  request: Omit<AoppRequest, 'callback_host'>;
  origin: CallbackOrigin;
  format: AddressFormat;
  format_was_any: boolean;
  network: Network;
  address: string;
  path: string;
  index: number;
  eth_account: EthAccount | null;
  /** The chain's gap count, when the proof takes a fresh address. */
  gap: ChainGap | null;
}

/** How far a chain's handed-out addresses stretch a restoring wallet's gap limit. */
export interface ChainGap {
  format: AddressFormat;
  highest_used: number | null;
  funded: number[];
  needed: number;
  next_index: number;
  needed_after_next: number;
}

/** The gap limit restoring wallets use unless told otherwise (BIP-44). */
export const DEFAULT_GAP_LIMIT = 20;

export interface AccountView {
  format: AddressFormat;
  account_path: string;
  receive: string;
  change: string;
  gap: ChainGap;
  gap_limit: number;
  first_address: string;
  last_address: string | null;
  first_use: number | null;
  qr: string;
}

export interface DescriptorsView {
  network: Network;
  fingerprint: string;
  accounts: AccountView[];
  ether: ChainGap;
}

export type DescriptorExport = 'bitcoin_core' | { sparrow: AddressFormat };

export type ProofStatus = 'pending' | 'accepted' | 'delivered' | 'rejected' | 'expired';

export interface ProofRecord {
  id: number;
  created_at: number;
  callback: string;
  asset: 'btc' | 'eth';
  network: Network;
  format: AddressFormat;
  index: number;
  address: string;
  path: string;
  message: string;
  signature: string;
  xpub: string | null;
  /** The user marked its address as having received funds. */
  funded: boolean;
  status: ProofStatus;
  attempts: number;
  last_outcome: string | null;
  last_detail: string | null;
  last_attempt_at: number | null;
}

export type Outcome =
  | { outcome: 'accepted' }
  | { outcome: 'delivered'; status: number }
  | { outcome: 'rejected'; text: string }
  | { outcome: 'expired' }
  | { outcome: 'redirected'; status: number; location: string }
  | { outcome: 'server_error'; status: number; text: string }
  | { outcome: 'timeout' }
  | { outcome: 'network'; detail: string };

export interface ProofView {
  record: ProofRecord;
  host: string;
  outcome: Outcome | null;
}

export interface ReceiveView {
  asset: 'btc' | 'eth';
  format: AddressFormat;
  network: Network;
  address: string;
  path: string;
  uri: string;
  qr: string;
  gap: ChainGap;
}

export interface TravelAddressView {
  travel_address: string;
  url: string;
  host: string;
  qr: string;
}

export type CodeKind = 'aopp' | 'bitcoin' | 'ethereum' | 'travel-address' | 'wallet-connect' | 'other';

export interface FoundCode {
  kind: CodeKind;
  text: string;
}

export interface ScanResult {
  codes: FoundCode[];
  queued: number;
  /** WalletConnect pairing URIs taken: their proposals follow. */
  paired: number;
}

/** A dApp as it describes itself over WalletConnect (not proven). */
export interface PeerView {
  name: string;
  description: string;
  url: string;
  origin: CallbackOrigin | null;
  /** Only an image sent as a data URL; nothing is fetched. */
  icon: string | null;
}

export interface Named {
  name: string;
  served: boolean;
  required: boolean;
}

export interface ProposalView {
  id: number;
  peer: PeerView;
  chains: Named[];
  methods: Named[];
  shares_bitcoin: boolean;
  shares_ether: boolean;
  refusal: ApiError | null;
}

export interface DappRequestView {
  id: number;
  peer: PeerView;
  chain_id: string;
  method: string;
  asset: 'btc' | 'eth';
  address: string;
  path: string | null;
  message: string;
  scheme: SignatureScheme;
  sign_in: boolean;
  /** Unix seconds: when the dApp stops waiting for the answer. */
  expires_at: number;
  problem: ApiError | null;
}

export interface SessionView {
  topic: string;
  peer: PeerView;
  accounts: string[];
  expiry: number;
}

export type RelayStatus = { state: 'idle' } | { state: 'online' } | { state: 'offline'; error: string };

/** What a WalletConnect notice says, with what the sentence needs. */
export type NoticeKind =
  | { kind: 'expired'; method: string }
  | { kind: 'late'; method: string }
  | { kind: 'refused'; method: string; code: number; reason: string }
  | { kind: 'too_large'; length: number; limit: number }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'not_json' }
  | { kind: 'disconnected' }
  | { kind: 'session_expired' }
  | { kind: 'other'; detail: string };

export interface Notice {
  at: number;
  peer_url: string;
  what: NoticeKind;
  /** The same in English. */
  text: string;
}

export interface ConnectionsView {
  problem: ApiError | null;
  relay_url: string;
  relay: RelayStatus;
  waiting_pairings: number;
  proposals: ProposalView[];
  requests: DappRequestView[];
  sessions: SessionView[];
  notices: Notice[];
}

export interface SharedAccount {
  format: AddressFormat;
  address: string;
  path: string;
}

export interface ConnectPreview {
  bitcoin: SharedAccount | null;
  ether: SharedAccount | null;
}

export interface AnsweredView {
  signed: SignedMessageView;
  /** Why the answer could not be sent; the signature is in History all the same. */
  problem: ApiError | null;
}

export type SignatureScheme = 'electrum' | 'bip137' | 'bip322' | 'bip322-smp' | 'eip191';

/** Which address signs a message. */
export type AddressPick =
  | { kind: 'fresh'; format: AddressFormat }
  | { kind: 'used'; format: AddressFormat; index: number }
  | { kind: 'typed'; address: string };

export interface UsedAddress {
  format: AddressFormat;
  address: string;
  path: string;
  index: number;
  used_for: 'proof' | 'receive' | 'signed' | 'connected';
  at: number;
  proven_to: string[];
}

export interface SignRequest {
  message: string;
  asset: 'btc' | 'eth';
  address: AddressPick;
  scheme: SignatureScheme | null;
  sign_in_confirmed: boolean;
}

export interface SignedMessageRecord {
  id: number;
  created_at: number;
  asset: 'btc' | 'eth';
  network: Network;
  format: AddressFormat;
  address: string;
  path: string;
  scheme: SignatureScheme;
  message: string;
  signature: string;
  /** The dApp's domain, when it asked over WalletConnect. */
  requested_by: string | null;
}

export interface SignedMessageView {
  record: SignedMessageRecord;
  signature_base64: string;
  armored: string | null;
  json: string;
  qr: string;
}

export type SignatureKind =
  | { scheme: 'core_message'; header: number }
  | { scheme: 'bip137'; header: number }
  | { scheme: 'bip322_simple'; prefixed: boolean }
  | { scheme: 'eip191'; hex: boolean };

export interface VerifyView {
  valid: boolean;
  scheme: SignatureScheme | null;
  kind: SignatureKind | null;
  format: AddressFormat | null;
  network: Network | null;
  error: ApiError | null;
}

/** The link schemes the app can open: `aopp:`, and WalletConnect's `wc:` when the user asks. */
export type LinkScheme = 'aopp' | 'wc';

export interface HandlerStatus {
  supported: boolean;
  current: string | null;
  ours: boolean;
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string'
  );
}

/** Any failure as an ApiError, so callers never handle two shapes. */
export function asApiError(value: unknown): ApiError {
  if (isApiError(value)) return value;
  return { code: 'unexpected', message: String(value) };
}

async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (error) {
    throw asApiError(error);
  }
}

export const api = {
  status: () => call<Status>('status'),
  language: () => call<LanguageView>('language'),
  completeWord: (prefix: string) => call<string[]>('complete_word', { prefix }),
  checkPhrase: (phrase: string) => call<null>('check_phrase', { phrase }),
  createDraft: () => call<Draft>('create_draft'),
  discardDraft: () => call<null>('discard_draft'),
  confirmDraft: (answers: string[]) => call<null>('confirm_draft', { answers }),
  importWallet: (phrase: string, passphrase: string) =>
    call<null>('import_wallet', { phrase, passphrase }),
  revealPhrase: () => call<string[]>('reveal_phrase'),
  deleteWallet: (confirmation: string) => call<null>('delete_wallet', { confirmation }),
  acceptDamagedFiles: () => call<null>('accept_damaged_files'),
  setSettings: (change: SettingsChange) => call<Settings>('set_settings', { change }),
  queue: () => call<QueueView>('queue'),
  dismissLink: (id: number) => call<null>('dismiss_link', { id }),
  handlerStatus: (scheme: LinkScheme) => call<HandlerStatus>('handler_status', { scheme }),
  registerHandler: (scheme: LinkScheme, takeOver: boolean) =>
    call<HandlerStatus>('register_handler', { scheme, takeOver }),
  painted: (screen: string) => call<null>('painted', { screen }),
  preview: (linkId: number, ethAccount: EthAccount) =>
    call<Preview>('preview', { linkId, ethAccount }),
  approve: (linkId: number, address: string, ethAccount: EthAccount, sendXpub: boolean) =>
    call<ProofView>('approve', { linkId, address, ethAccount, sendXpub }),
  resend: (proofId: number) => call<ProofView>('resend', { proofId }),
  history: () => call<ProofView[]>('history'),
  pendingProofs: () => call<ProofView[]>('pending_proofs'),
  proofText: (proofId: number, kind: 'json' | 'armored') =>
    call<string>('proof_text', { proofId, kind }),
  exportHistory: (format: 'csv' | 'json') => call<string>('export_history', { format }),
  descriptors: () => call<DescriptorsView>('descriptors'),
  /** Whether Receive showed `format`'s address before, and the chain's gap count. */
  receiveGap: (format: AddressFormat) => call<{ shown: boolean; gap: ChainGap }>('receive_gap', { format }),
  /** Writes a spending wallet's import file to Downloads; returns its path. */
  exportDescriptors: (exported: DescriptorExport) => call<string>('export_descriptors', { export: exported }),
  markFunded: (proofId: number, funded: boolean) => call<void>('mark_funded', { proofId, funded }),
  receiveAddress: (format: AddressFormat, fresh: boolean) =>
    call<ReceiveView>('receive_address', { format, fresh }),
  usedAddresses: (asset: 'btc' | 'eth') => call<UsedAddress[]>('used_addresses', { asset }),
  signText: (request: SignRequest) => call<SignedMessageView>('sign_text', { request }),
  signedMessages: () => call<SignedMessageView[]>('signed_messages'),
  verifyText: (asset: 'btc' | 'eth', address: string, message: string, signature: string) =>
    call<VerifyView>('verify_text', { asset, address, message, signature }),
  travelAddress: () => call<TravelAddressView | null>('travel_address'),
  setTravelAddress: (pasted: string) => call<TravelAddressView>('set_travel_address', { pasted }),
  clearTravelAddress: () => call<null>('clear_travel_address'),
  decodeTravelAddress: (text: string) => call<TravelAddressView>('decode_travel_address', { text }),
  scanScreen: () => call<ScanResult>('scan_screen'),
  scanClipboard: () => call<ScanResult>('scan_clipboard'),
  /** A picked PNG or JPEG, its bytes sent as they are. */
  scanImage: (bytes: Uint8Array) => call<ScanResult>('scan_image', bytes),
  /** One grey camera frame, a byte a pixel, `width` pixels a row. */
  scanFrame: (luma: Uint8Array, width: number) =>
    call<ScanResult>('scan_frame', luma, { headers: { 'x-frame-width': String(width) } }),
  pasteText: (text: string) => call<ScanResult>('paste_text', { text }),
  /** The codes in a picked image, for their text only: nothing is queued. */
  readCodes: (bytes: Uint8Array) => call<FoundCode[]>('read_codes', bytes),
  /** The codes on the screen (the window steps aside), for their text only. */
  readScreen: () => call<FoundCode[]>('read_screen'),
  /** The codes in one grey camera frame, for their text only; none is no error. */
  readFrame: (luma: Uint8Array, width: number) =>
    call<FoundCode[]>('read_frame', luma, { headers: { 'x-frame-width': String(width) } }),
  connections: () => call<ConnectionsView>('connections'),
  /** A `wc:` URI the user pasted. */
  pair: (uri: string) => call<null>('pair', { uri }),
  connectPreview: (id: number, format: BitcoinFormat) => call<ConnectPreview>('connect_preview', { id, format }),
  /** `shown`: the Bitcoin address the screen showed (nothing is shared if it changed). */
  connect: (id: number, format: BitcoinFormat, shown: string | null) =>
    call<SessionView>('connect', { id, format, shown }),
  rejectProposal: (id: number) => call<null>('reject_proposal', { id }),
  signRequest: (id: number, signInConfirmed: boolean) =>
    call<AnsweredView>('sign_request', { id, signInConfirmed }),
  refuseRequest: (id: number) => call<null>('refuse_request', { id }),
  disconnect: (topic: string) => call<null>('disconnect', { topic }),
  /** WalletConnect's proposals, requests or sessions changed. */
  onConnectionsChanged: (handler: () => void): Promise<UnlistenFn> => listen('connections-changed', handler),
  onLinksChanged: (handler: () => void): Promise<UnlistenFn> => listen('links-changed', handler),
  /** A link arrived but was not queued (too many waiting, or too long). */
  onLinkRefused: (handler: (error: ApiError) => void): Promise<UnlistenFn> =>
    listen<ApiError>('link-refused', (event) => handler(event.payload)),
  /** Files were dropped onto the window; Rust reads them from its own drop event. */
  onDropStarted: (handler: () => void): Promise<UnlistenFn> => listen('drop-scan-started', handler),
  /** What the dropped files held: `{ Ok: ScanResult }` or `{ Err: ApiError }`. */
  onDropScanned: (handler: (result: ScanResult | ApiError) => void): Promise<UnlistenFn> =>
    listen<{ Ok: ScanResult } | { Err: ApiError }>('drop-scanned', (event) =>
      handler('Ok' in event.payload ? event.payload.Ok : event.payload.Err),
    ),
};
