// Plain-language sentences for every error code Rust sends. The UI never reads `message`
// to decide anything; it is shown only as a detail.
import type { ApiError } from './api';

const sentences: Record<string, string> = {
  // The OS keyring
  keyring_unavailable:
    'No system keyring was found. AOPP Wallet keeps your recovery phrase only in the system keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager). Start or install one, then restart AOPP Wallet. Nothing was saved.',
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
  // Handler registration
  handler_owned_by_other: 'Another application currently opens aopp: links.',
  registration_failed: 'AOPP Wallet could not register itself for aopp: links.',
  registration_unsupported: 'On this system, aopp: links are registered when the app is installed.',
  // Settings
  not_bitcoin_format: 'Choose a Bitcoin address format.',
};

/** The sentence to show for `error`. */
export function describe(error: ApiError): string {
  return sentences[error.code] ?? `Something went wrong (${error.code}).`;
}

/** Whether `code` has its own sentence (tests check that Rust's codes are covered). */
export function hasSentence(code: string): boolean {
  return code in sentences;
}
