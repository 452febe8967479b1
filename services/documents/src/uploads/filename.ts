/** At least one extension. */
type Extensions = readonly [string, ...string[]];

/** The extensions a sniffed media type may carry; the first is the one given to names without any. */
const EXTENSIONS: Readonly<Record<string, Extensions>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** At most this many characters (not bytes) of a file name are kept. */
export const MAX_FILENAME_LENGTH = 200;

/** A trailing extension: up to 10 letters and digits, at least one letter (`v1.0`, `1.2.2024` are not). */
const EXTENSION = /\.((?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,10})$/;

/**
 * `name` ending in the extension of the type its content was sniffed as: a right one is kept as it is
 * (`scan.JPEG`), a wrong one replaced (`x.html` sniffed as PNG → `x.png`), a missing one added; a right
 * extension just before the wrong one is not doubled (`x.png.html` → `x.png`). At most
 * {@link MAX_FILENAME_LENGTH} characters, the extension kept. Idempotent, so it is applied again when
 * names are served (names stored before this rule).
 */
export function withTypeExtension(name: string, mediaType: string): string {
  const accepted: Extensions = EXTENSIONS[mediaType] ?? ['bin'];
  const acceptedIn = (text: string): string | undefined => {
    const match = EXTENSION.exec(text);
    const extension = match && match.index > 0 ? match[1] : undefined;
    return extension && accepted.includes(extension.toLowerCase()) ? extension : undefined;
  };
  const kept = acceptedIn(name);
  if (kept) return truncate(name.slice(0, -kept.length - 1), kept);
  const current = EXTENSION.exec(name);
  const base = (current && current.index > 0 ? name.slice(0, current.index) : name).replace(/[.\s]+$/, '');
  // `x.png.html` sniffed as PNG: the right extension is already there, under the wrong one
  const inner = acceptedIn(base);
  if (inner) return truncate(base.slice(0, -inner.length - 1), inner);
  return truncate(base, accepted[0]);
}

function truncate(base: string, ext: string): string {
  const room = MAX_FILENAME_LENGTH - ext.length - 1;
  const chars = [...base];
  const kept =
    chars.length > room
      ? chars
          .slice(0, room)
          .join('')
          .replace(/[.\s]+$/, '')
      : base;
  return `${kept === '' ? 'document' : kept}.${ext}`;
}

/**
 * The client's file name made harmless, kept only as metadata (never used as a path): no directories
 * (POSIX or Windows), no control, format or bidi-override characters, no leading dots, NFC-normalised,
 * ending in the extension of the sniffed type ({@link withTypeExtension}), at most
 * {@link MAX_FILENAME_LENGTH} characters. An empty result becomes `document.<ext>`.
 */
export function sanitizeFilename(raw: string | undefined, mediaType: string): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '');
  if (name === '..') name = '';
  return withTypeExtension(name, mediaType);
}
