// Makes a message's invisible characters visible, as a hardware wallet would.

export interface Piece {
  text: string;
  /** A stand-in for an invisible character, drawn differently. */
  marker: boolean;
}

const markers: Record<string, string> = {
  '\n': '↵',
  '\r': '␍',
  '\t': '⇥',
  ' ': '·',
};

/**
 * Splits `message` into text and markers: every `\n`, `\r` and `\t`, and spaces at the start or
 * end of a line (or runs of two or more), become markers; a `\n` marker is followed by a real
 * line break so the layout still follows the message.
 */
export function visiblePieces(message: string): Piece[] {
  const pieces: Piece[] = [];
  const push = (text: string, marker: boolean) => {
    const last = pieces[pieces.length - 1];
    if (last && last.marker === marker) last.text += text;
    else pieces.push({ text, marker });
  };
  const lines = message.split('\n');
  lines.forEach((line, lineIndex) => {
    const leading = line.length - line.trimStart().length;
    const trailingStart = line.trimEnd().length;
    for (let i = 0; i < line.length; i++) {
      const c = line.charAt(i);
      const spaceShown =
        c === ' ' &&
        (i < leading || i >= trailingStart || line.charAt(i + 1) === ' ' || line.charAt(i - 1) === ' ');
      if (c === '\r' || c === '\t' || spaceShown) push(markers[c] ?? c, true);
      else push(c, false);
    }
    if (lineIndex < lines.length - 1) {
      push(markers['\n'] ?? '', true);
      push('\n', false);
    }
  });
  return pieces;
}
