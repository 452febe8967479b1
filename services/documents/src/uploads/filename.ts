const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** At most this many characters (not bytes) of a file name are kept. */
export const MAX_FILENAME_LENGTH = 200;

/**
 * The client's file name made harmless, kept only as metadata (never used as a path): no directories
 * (POSIX or Windows), no control, format or bidi-override characters, no leading dots, NFC-normalised,
 * at most {@link MAX_FILENAME_LENGTH} characters. An empty result becomes `document.<ext>`.
 */
export function sanitizeFilename(raw: string | undefined, mediaType: string): string {
  const ext = EXTENSIONS[mediaType] ?? 'bin';
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '');
  if (name === '' || name === '..') name = `document.${ext}`;
  const chars = [...name];
  if (chars.length > MAX_FILENAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const suffix = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_FILENAME_LENGTH - [...suffix].length).join('') + suffix;
  }
  return name;
}
