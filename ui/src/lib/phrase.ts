// Helpers for typing a recovery phrase: splitting, the word being typed, quiz answers.

/** The words of `text`, lower-cased, whatever the whitespace. */
export function words(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter((word) => word.length > 0);
}

/** The word under the cursor at the end of `text` ('' right after a space). */
export function wordBeingTyped(text: string): string {
  if (text.length === 0 || /\s$/.test(text)) return '';
  return words(text).pop() ?? '';
}

/** `text` with its last, partly typed word replaced by `completion` and a space. */
export function complete(text: string, completion: string): string {
  const head = text.replace(/\S*$/, '');
  return `${head}${completion} `;
}

/** Whether `count` is a length BIP-39 allows. */
export function isPhraseLength(count: number): boolean {
  return [12, 15, 18, 21, 24].includes(count);
}
