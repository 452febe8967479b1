const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values. Every piece of data that goes into a
 * mail's HTML passes through here: a name like `<script>` arrives as text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Escapes text and keeps its line breaks (messages from staff). */
export function escapeMultiline(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeHtml(line))
    .join('<br>\n');
}

/**
 * A link target for an `href`: only absolute http(s) URLs (everything we link is built from
 * PUBLIC_BASE_URL), escaped for the attribute. Anything else throws, so a bug cannot produce a
 * `javascript:` link.
 */
export function safeHref(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`refusing to link to a ${parsed.protocol} URL`);
  }
  return escapeHtml(parsed.toString());
}

/** One line for a mail header (the subject): no line breaks, no control characters, bounded length. */
export function headerText(text: string, maxLength = 200): string {
  const single = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return single.length > maxLength ? `${single.slice(0, maxLength - 1)}…` : single;
}
