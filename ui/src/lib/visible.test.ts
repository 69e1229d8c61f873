import { describe, expect, it } from 'vitest';
import { visiblePieces } from './visible';

const render = (message: string) =>
  visiblePieces(message)
    .map((piece) => (piece.marker ? `[${piece.text}]` : piece.text))
    .join('');

describe('visiblePieces', () => {
  it('leaves single inner spaces alone', () => {
    expect(render('I confirm this')).toBe('I confirm this');
  });

  it('marks leading and trailing spaces, tabs and carriage returns', () => {
    expect(render('  hi\tthere \r')).toBe('[··]hi[⇥]there[·␍]');
  });

  it('marks each newline and keeps a real line break after it', () => {
    expect(render('a\nb')).toBe('a[↵]\nb');
  });

  it('marks runs of two or more spaces', () => {
    expect(render('a  b')).toBe('a[··]b');
  });

  it('keeps every character of the message, in order', () => {
    const message = ' x \t\r\n  y ';
    const pieces = visiblePieces(message);
    // Markers stand in for the invisible characters; the text pieces keep the visible ones.
    const visible = pieces.filter((piece) => !piece.marker).map((piece) => piece.text).join('');
    expect(visible.replace(/\n/g, '')).toBe('xy');
  });
});
