import { describe, expect, it } from 'vitest';
import { describe as describeError, hasSentence, scanSentence } from './messages';
import { rustCodes } from './rust-codes.testing';

describe('messages', () => {
  it('has a sentence for every code the wallet and the shell send', () => {
    const codes = rustCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !hasSentence(code))).toEqual([]);
  });

  it('names what a scan found', () => {
    expect(scanSentence({ codes: [], queued: 0, paired: 0 })).toBe('No QR code or link was found.');
    expect(scanSentence({ codes: [{ kind: 'aopp', text: 'aopp:?v=0' }], queued: 1, paired: 0 })).toBe('Found an AOPP request.');
    expect(scanSentence({ codes: [{ kind: 'bitcoin', text: 'bc1q…' }], queued: 0, paired: 0 })).toContain('nothing to sign');
  });

  it('falls back to naming the code', () => {
    expect(describeError({ code: 'brand_new', message: '' })).toContain('brand_new');
  });

  it('never shows the raw message as the sentence', () => {
    expect(describeError({ code: 'bad_checksum', message: 'checksum does not match' })).not.toBe(
      'checksum does not match',
    );
  });
});
