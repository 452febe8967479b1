/**
 * `attachment` with the file name as RFC 6266 asks: an ASCII fallback in `filename` (quotes, backslashes
 * and non-ASCII replaced) and the exact UTF-8 name in `filename*` (RFC 8187 percent-encoding).
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
