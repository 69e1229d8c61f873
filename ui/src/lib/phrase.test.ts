import { describe, expect, it } from 'vitest';
import { complete, isPhraseLength, wordBeingTyped, words } from './phrase';

describe('phrase helpers', () => {
  it('splits on any whitespace and lower-cases', () => {
    expect(words('  Abandon\tabout\n ')).toEqual(['abandon', 'about']);
  });

  it('finds the word being typed, none after a space', () => {
    expect(wordBeingTyped('abandon ab')).toBe('ab');
    expect(wordBeingTyped('abandon ')).toBe('');
    expect(wordBeingTyped('')).toBe('');
  });

  it('completes the last word and adds a space', () => {
    expect(complete('abandon ab', 'about')).toBe('abandon about ');
    expect(complete('zo', 'zoo')).toBe('zoo ');
  });

  it('knows the BIP-39 lengths', () => {
    expect([11, 12, 15, 18, 21, 24, 25].map(isPhraseLength)).toEqual([false, true, true, true, true, true, false]);
  });
});
