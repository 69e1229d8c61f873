// How addresses are written for people to compare.

/** `bc1qcr8te4kr…` as `bc1q cr8t e4kr …`: groups of four, like hardware wallets show them. */
export function groupsOfFour(address: string): string {
  return address.match(/.{1,4}/g)?.join(' ') ?? '';
}
