/**
 * A label broken into lines of at most `maxChars` characters at spaces (greedy); a word longer than a
 * line is cut into pieces, so no line runs past the chart's edge. `Infinity`: one line.
 */
export function wrapLabel(label: string, maxChars: number): string[] {
  const words = label.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [''];
  if (!Number.isFinite(maxChars)) return [words.join(' ')];
  const width = Math.max(1, Math.floor(maxChars));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const pieces = Array.from(word).length > width ? chunks(word, width) : [word];
    for (const piece of pieces) {
      const candidate = line ? `${line} ${piece}` : piece;
      if (Array.from(candidate).length <= width) {
        line = candidate;
      } else {
        if (line) lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

function chunks(word: string, size: number): string[] {
  const chars = Array.from(word);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}
