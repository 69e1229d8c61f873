// Plain-language sentences for every error code Rust sends. The UI never reads `message`
// to decide anything; it is shown only as a detail.
import type { ApiError, CodeKind, ProofStatus, ProofView, ScanResult } from './api';

const sentences: Record<string, string> = {
  // The OS keyring
  keyring_unavailable:
    'No system keyring was found. AOPP Wallet keeps your recovery phrase only in the system keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager). Start or install one, then press “Try again”. Nothing was saved.',
  keyring_locked:
    'Your system keyring is locked or refused access. Unlock it (usually by logging in to your desktop), then try again. Nothing was saved.',
  keyring_corrupt:
    'The keyring holds an AOPP Wallet entry this version cannot read. Nothing was changed.',
  // Recovery phrases
  word_count: 'A recovery phrase has 12, 15, 18, 21 or 24 words.',
  unknown_word: 'One of the words is not in the BIP-39 word list. Check its spelling.',
  bad_checksum:
    'All words are valid, but they do not form a valid phrase: one word is wrong or out of place.',
  backup_mismatch: 'Those words do not match your recovery phrase. Look at your backup and try again.',
  no_draft: 'Start again: no new recovery phrase is waiting to be checked.',
  no_wallet: 'There is no wallet yet.',
  wallet_exists:
    'A wallet is already stored. To use another recovery phrase, delete this wallet in Settings first (make sure its phrase is written down).',
  confirmation_mismatch: 'Type the confirmation exactly as shown to delete the wallet.',
  // aopp: links
  wrong_scheme: 'This is not an AOPP link (it must start with “aopp:”).',
  unexpected_path: 'This AOPP link is malformed: something stands between “aopp:” and “?”.',
  link_fragment:
    'This AOPP link contains an unescaped “#”, which cuts it short. Ask the exchange for a new link.',
  bad_percent_encoding: 'This AOPP link is damaged: it has a broken %-escape.',
  missing_parameter: 'This AOPP link is incomplete: a required part is missing.',
  duplicate_parameter: 'This AOPP link gives the same part twice, so it is ambiguous.',
  unsupported_version: 'This AOPP link uses a protocol version this wallet does not know.',
  message_too_long: 'The exchange’s message is longer than the 1024 characters AOPP allows.',
  non_ascii_message:
    'The exchange’s message contains characters outside plain ASCII, which AOPP does not allow.',
  control_character: 'The exchange’s message contains invisible control characters.',
  unknown_asset: 'This link asks about an asset this wallet does not hold (only BTC and ETH).',
  unsupported_format: 'This link asks for an address format that does not exist for its asset.',
  callback_not_url: 'The address the proof would be sent to is not a valid web address.',
  callback_no_host: 'The address the proof would be sent to has no host.',
  callback_user_info:
    'The address the proof would be sent to hides a user name or password in it. This is a common trick; the link was refused.',
  callback_fragment: 'The address the proof would be sent to is malformed (it has a “#” part).',
  insecure_callback:
    'The proof would be sent over an unencrypted connection (http). Only https is allowed.',
  callback_scheme: 'The proof would be sent somewhere other than an https web address.',
  sign_in_message:
    'This is not an ownership check: the message is a “Sign-In with Ethereum” login. Signing it would log whoever sent the link in to a website as you. Nothing was signed.',
  // Handler registration
  handler_owned_by_other: 'Another application currently opens aopp: links.',
  registration_failed: 'AOPP Wallet could not register itself for aopp: links.',
  registration_unsupported: 'On this system, aopp: links are registered when the app is installed.',
  // Settings
  not_bitcoin_format: 'Choose a Bitcoin address format.',
  bad_proxy: 'The proxy must be written as socks5://host:port, for example socks5://127.0.0.1:9050 for Tor.',
  settings_io: 'Your settings could not be saved.',
  bad_certificate: 'The developer certificate file could not be read.',
  // Proofs
  no_such_link: 'This request is no longer waiting.',
  already_proven: 'This request was answered already. Its proof is in History.',
  damaged_files: 'A settings file could not be read. Review it on the start screen before anything is sent.',
  address_changed: 'The address to prove changed since it was shown. Check it again, then approve.',
  preferred_format: 'Your preferred format cannot answer this request.',
  derive_failed: 'The address could not be derived from your wallet.',
  sign_failed: 'The message could not be signed.',
  self_check_failed:
    'The wallet’s own check of the signature failed, so nothing was sent. Please report this.',
  index_used: 'That address was already used. Review the request again to get a fresh one.',
  journal_database: 'The proof history could not be written, so nothing was sent.',
  no_such_proof: 'That proof is not in the history.',
  not_pending: 'This proof was already delivered.',
  armored_bitcoin_only: 'The signed-message block exists for Bitcoin only; copy the JSON instead.',
  export_io: 'The file could not be saved.',
  nothing_handed_out:
    'No Bitcoin address was handed out on this network yet, so there is nothing for Bitcoin Core to import.',
  not_handed_out: 'That address was never handed out, so it cannot be marked.',
  no_descriptor: 'Ether accounts have no output descriptor.',
  export_exists: 'Every file name for the export is taken. Move earlier exports out of the folder.',
  queue_io: 'The request could not be saved.',
  data_dir: 'The wallet’s data folder could not be created or made private.',
  queue_full:
    'Too many requests are waiting, so the newest was not added. Answer or dismiss the waiting ones, then open the link again.',
  link_too_long: 'This link is far longer than any AOPP request can be, so it was not opened.',
  internal: 'Something went wrong inside the app.',
  qr_failed: 'The QR code could not be drawn; the text above is still correct.',
  // Scanning
  capture_wayland:
    'This desktop (Wayland) does not let apps read the screen. Save the QR code as an image and drop it here, or copy the link.',
  capture_failed: 'The screen could not be read.',
  clipboard_empty: 'The clipboard holds neither a link nor an image.',
  unreadable_file: 'That file could not be read.',
  unreadable_image: 'That file is not a PNG or JPEG image.',
  image_too_large:
    'That picture is far larger than a picture of a QR code needs to be, so it was not read. Use a screenshot or a smaller photo.',
  not_a_file: 'Only image files can be read (not a folder or a device).',
  bad_frame: 'The camera picture could not be read. Close the camera and try again.',
  camera_missing: 'No camera was found. Connect one, or use another way to bring in the code.',
  camera_denied:
    'The camera may not be used: permission was denied. Allow it in your system’s privacy settings, or use another way to bring in the code.',
  camera_busy: 'The camera is in use by another application, or it could not be started.',
  camera_unsupported:
    'This system offers no camera to the app. Take a photo of the code and pick it as an image instead.',
  // Signing and checking messages
  invalid_address: 'That is not a valid address for this asset. Check that you copied all of it.',
  wrong_network:
    'That address belongs to another Bitcoin network (a test network, say) than the one in Settings.',
  unsupported_address:
    'That kind of address (a multisig or script address) cannot sign a message on its own.',
  not_base64: 'That is not a signature: it is neither base64 nor 0x hex.',
  bad_length: 'That signature has the wrong length: it was not copied whole, or it is of another kind.',
  unknown_header: 'That signature starts with a header byte no signing scheme uses.',
  uncompressed_key:
    'That signature was made with an uncompressed key, which modern wallets and AOPP do not use.',
  unrecoverable: 'No key can be recovered from that signature: it is damaged.',
  wrong_signer:
    'The signature is genuine, but for another address or another message. Check that the message is exactly the one signed.',
  header_mismatch:
    'The signature’s header says it is for another kind of address than this one (BIP-137 names the address type).',
  bip322_invalid: 'That BIP-322 signature does not verify for this address and message.',
  scheme_not_for_format: 'That signing method cannot be used with this kind of address.',
  sign_in_unconfirmed:
    'This message is a “Sign-In with Ethereum” login. Confirm a second time that you want to log in there.',
  not_used_before: 'That address was never proven, shown or signed with.',
  not_our_address:
    'That address is not one of this wallet’s (its first 1000 receive and change addresses of each kind were searched).',
  format_not_of_asset: 'That address format does not belong to the chosen asset.',
  no_code_found: 'No QR code was found in that picture. Try a sharper or larger one.',
  // WalletConnect
  wc_bad_uri: 'This is not a WalletConnect code this wallet can use. Ask the page for a new one.',
  wc_uri_expired: 'This WalletConnect code has expired. Reload the exchange’s page for a new one.',
  wc_no_project_id:
    'WalletConnect’s relay needs a Reown project id, and this build has none. Enter one in Settings (WalletConnect).',
  wc_not_waiting: 'This request is no longer waiting: it was answered, withdrawn or the dApp disconnected.',
  wc_no_session: 'This connection no longer exists.',
  wc_request_expired: 'The dApp stopped waiting for this request, so nothing was signed. Ask again on the exchange’s page.',
  wc_offline: 'The WalletConnect relay cannot be reached right now. The wallet keeps trying; try again in a moment.',
  wc_store: 'The WalletConnect connections file could not be read or written.',
  wc_unavailable: 'WalletConnect is not available in this window.',
  wc_cannot_serve:
    'The dApp requires something this wallet does not offer (another blockchain, or sending transactions). It was told so; nothing was shared.',
  wc_bad_relay: 'The relay must be a wss:// address (or ws:// on this computer).',
  wc_bad_project_id: 'A Reown project id is 32 hexadecimal digits.',
  request_too_long: 'The dApp’s message is longer than this wallet signs (64 KiB). Reject it.',
  not_shared_address: 'The dApp asks for an address this wallet did not share with it. Reject it.',
  // Travel Addresses
  missing_prefix: 'A Travel Address starts with “ta”. Check that you copied all of it.',
  not_base58: 'This Travel Address contains characters that never appear in one (such as 0, O, I or l).',
  travel_checksum: 'This Travel Address has a typo: its checksum does not match. Copy it again.',
  too_short: 'This Travel Address is too short. Check that you copied all of it.',
  not_utf8: 'This Travel Address does not stand for a readable web address.',
  scheme_present:
    'Leave out the “https://” part: Travel Addresses always imply https. Only https inquiry addresses can be used.',
  missing_inquiry_tag: 'This Travel Address does not point to an inquiry address (it lacks “t=i”).',
  invalid_url: 'This is not a web address the travel rule can use.',
  unknown_tld:
    'The web address does not end in a real top-level domain (like .com), so senders’ VASPs could not reach it.',
  json: 'Something went wrong inside the app.',
};

/** What a delivery's outcome means for the user, in words. */
export function outcomeSentence(view: ProofView): string {
  const host = view.host;
  const outcome = view.outcome;
  if (!outcome) {
    return statusSentence(view.record.status, host);
  }
  switch (outcome.outcome) {
    case 'accepted':
      return `${host} verified the address. You are done.`;
    case 'delivered':
      return `${host} received the proof but did not confirm that it verified the address (status ${outcome.status}). Check with ${host} if your withdrawal does not go ahead.`;
    case 'rejected':
      return `${host} rejected the proof as a bad request${outcome.text ? `: “${outcome.text}”` : '.'}`;
    case 'expired':
      return `This link has expired or was already used. Get a new one from ${host}.`;
    case 'redirected':
      return `${host} tried to send the proof elsewhere (${outcome.location || `status ${outcome.status}`}), which the wallet never follows. Retry later or copy the proof and give it to ${host} another way.`;
    case 'server_error':
      return `${host} answered with an error (status ${outcome.status})${outcome.text ? `: “${outcome.text}”` : ''}. Retry later.`;
    case 'timeout':
      return `${host} did not answer in time. Retry when your connection or the exchange is back.`;
    case 'network':
      return `The proof could not reach ${host} (no connection, or a secure connection could not be made). Retry when you are online.`;
  }
}

export function statusSentence(status: ProofStatus, host: string): string {
  switch (status) {
    case 'accepted':
      return `${host} verified the address.`;
    case 'delivered':
      return `${host} received the proof but did not confirm verification.`;
    case 'rejected':
      return `${host} rejected the proof.`;
    case 'expired':
      return `The link had expired or was already used.`;
    case 'pending':
      return `Not delivered to ${host} yet.`;
  }
}

const kindNames: Record<CodeKind, string> = {
  aopp: 'an AOPP request',
  bitcoin: 'a Bitcoin address or payment request',
  ethereum: 'an Ethereum address or payment request',
  'travel-address': 'a Travel Address',
  'wallet-connect': 'a WalletConnect request',
  other: 'something other than an AOPP request',
};

/** What a scan found, in words; an AOPP request opens its confirmation by itself. */
export function scanSentence(result: ScanResult): string {
  if (result.codes.length === 0) return 'No QR code or link was found.';
  if (result.paired > 0) return 'Found a WalletConnect request: its connection request follows.';
  if (result.queued > 0) return result.queued === 1 ? 'Found an AOPP request.' : `Found ${result.queued} AOPP requests.`;
  const kinds = [...new Set(result.codes.map((code) => kindNames[code.kind]))].join(', ');
  return `Found ${kinds} — not an AOPP request, so there is nothing to sign.`;
}

/** A short label for a proof's status. */
export function statusLabel(status: ProofStatus): string {
  return {
    pending: 'Not sent yet',
    accepted: 'Verified',
    delivered: 'Delivered',
    rejected: 'Rejected',
    expired: 'Link expired',
  }[status];
}

/** The sentence to show for `error`. */
export function describe(error: ApiError): string {
  return sentences[error.code] ?? `Something went wrong (${error.code}).`;
}

/** Whether `code` has its own sentence (tests check that Rust's codes are covered). */
export function hasSentence(code: string): boolean {
  return code in sentences;
}
