// Plain-language sentences for every error code Rust sends, and for what deliveries and scans
// came to, in the user's language (`src/locales/`). The UI never reads `message` to decide
// anything; it is shown only as a detail.
import type { ApiError, CodeKind, ProofStatus, ProofView, ScanResult } from './api';
import { t } from './i18n.svelte';
import en from '../locales/en';

/** What a delivery's outcome means for the user, in words. */
export function outcomeSentence(view: ProofView): string {
  const host = view.host;
  const outcome = view.outcome;
  if (!outcome) {
    return statusSentence(view.record.status, host);
  }
  switch (outcome.outcome) {
    case 'accepted':
      return t('delivery.accepted', { host });
    case 'delivered':
      return t('delivery.delivered', { host, status: outcome.status });
    case 'rejected':
      return outcome.text ? t('delivery.rejectedWithText', { host, text: outcome.text }) : t('delivery.rejected', { host });
    case 'expired':
      return t('delivery.expired', { host });
    case 'redirected':
      return t('delivery.redirected', {
        host,
        location: outcome.location || t('delivery.redirectStatus', { status: outcome.status }),
      });
    case 'server_error':
      return outcome.text
        ? t('delivery.serverErrorWithText', { host, status: outcome.status, text: outcome.text })
        : t('delivery.serverError', { host, status: outcome.status });
    case 'timeout':
      return t('delivery.timeout', { host });
    case 'network':
      return t('delivery.network', { host });
  }
}

export function statusSentence(status: ProofStatus, host: string): string {
  switch (status) {
    case 'accepted':
      return t('proofStatus.accepted', { host });
    case 'delivered':
      return t('proofStatus.delivered', { host });
    case 'rejected':
      return t('proofStatus.rejected', { host });
    case 'expired':
      return t('proofStatus.expired');
    case 'pending':
      return t('proofStatus.pending', { host });
  }
}

function kindName(kind: CodeKind): string {
  switch (kind) {
    case 'aopp':
      return t('scanFound.kinds.aopp');
    case 'bitcoin':
      return t('scanFound.kinds.bitcoin');
    case 'ethereum':
      return t('scanFound.kinds.ethereum');
    case 'travel-address':
      return t('scanFound.kinds.travelAddress');
    case 'wallet-connect':
      return t('scanFound.kinds.walletConnect');
    case 'other':
      return t('scanFound.kinds.other');
  }
}

/** What a scan found, in words; an AOPP request opens its confirmation by itself. */
export function scanSentence(result: ScanResult): string {
  if (result.codes.length === 0) return t('scanFound.nothing');
  if (result.paired > 0) return t('scanFound.paired');
  if (result.queued > 0) return t('scanFound.queued', { count: result.queued });
  const kinds = [...new Set(result.codes.map((code) => kindName(code.kind)))].join(', ');
  return t('scanFound.other', { kinds });
}

/** A short label for a proof's status. */
export function statusLabel(status: ProofStatus): string {
  switch (status) {
    case 'pending':
      return t('statusLabel.pending');
    case 'accepted':
      return t('statusLabel.accepted');
    case 'delivered':
      return t('statusLabel.delivered');
    case 'rejected':
      return t('statusLabel.rejected');
    case 'expired':
      return t('statusLabel.expired');
  }
}

type ErrorKey = Exclude<keyof typeof en.errors, 'unknown'>;

/** The key of `code`'s sentence: `keyring_unavailable` is `errors.keyringUnavailable`. */
function errorKey(code: string): ErrorKey | null {
  const key = code.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return key !== 'unknown' && /^[a-z][a-zA-Z0-9]*$/.test(key) && Object.hasOwn(en.errors, key) ? (key as ErrorKey) : null;
}

/** Whether `code` has its own sentence (tests check that Rust's codes are covered). */
export function hasSentence(code: string): boolean {
  return errorKey(code) !== null;
}

/** The sentence to show for `error`. */
export function describe(error: ApiError): string {
  const key = errorKey(error.code);
  return key ? t(`errors.${key}`) : t('errors.unknown', { code: error.code });
}
