import type { Locale } from '@buergeramt/contracts';
import type { Block, MailContent } from './content';
import { escapeHtml, escapeMultiline, headerText, safeHref } from './escape';
import { greetingName } from './person-name';

export interface LayoutOptions {
  locale: Locale;
  name: string | null;
  cityName: string;
  cityContact: string;
  /** for mails that can be switched off: where to switch them off */
  preferencesUrl: string | null;
}

export interface RenderedBody {
  subject: string;
  text: string;
  html: string;
}

const T = {
  de: {
    greeting: (name: string | null) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    closing: 'Mit freundlichen Grüßen',
    copyLink: 'Falls der Knopf nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
    optional:
      'Sie erhalten diese E-Mail, weil Benachrichtigungen per E-Mail eingeschaltet sind. Ausschalten:',
    automatic: 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.',
  },
  en: {
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    closing: 'Kind regards',
    copyLink: 'If the button does not work, copy this address into your browser:',
    optional: 'You receive this e-mail because e-mail notifications are switched on. Switch them off:',
    automatic: 'This e-mail was sent automatically. Please do not reply to it.',
  },
} as const;

const COLORS = { text: '#1b1b1b', muted: '#4a4a4a', accent: '#00527a', border: '#d0d0d0', page: '#f3f4f6' };
const FONT = 'font-family:Arial,Helvetica,sans-serif;';

function blockHtml(block: Block, copyLink: string): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${escapeMultiline(block.text)}</p>`;
    case 'action': {
      const href = safeHref(block.link.url);
      return [
        `<p style="margin:24px 0 8px;"><a href="${href}" style="display:inline-block;background:${COLORS.accent};color:#ffffff;padding:12px 20px;border-radius:4px;font-weight:bold;text-decoration:underline;">${escapeHtml(block.link.label)}</a></p>`,
        `<p style="margin:0 0 24px;font-size:14px;color:${COLORS.muted};">${escapeHtml(copyLink)}<br><a href="${href}" style="color:${COLORS.accent};word-break:break-all;">${escapeHtml(block.link.url)}</a></p>`,
      ].join('\n');
    }
    case 'details':
      return [
        `<table style="border-collapse:collapse;margin:0 0 16px;">`,
        ...block.rows.map(
          (row) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold;">${escapeHtml(row.label)}</th><td style="padding:4px 0;">${escapeMultiline(row.value)}</td></tr>`,
        ),
        `</table>`,
      ].join('\n');
    case 'choices':
      return [
        `<p style="margin:0 0 8px;">${escapeHtml(block.label)}</p>`,
        `<ul style="margin:0 0 16px;padding-left:24px;">`,
        ...block.links.map(
          (link) =>
            `<li style="margin:0 0 8px;"><a href="${safeHref(link.url)}" style="color:${COLORS.accent};">${escapeHtml(link.label)}</a></li>`,
        ),
        `</ul>`,
      ].join('\n');
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'action':
      return `${block.link.label}:\n${block.link.url}`;
    case 'details':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'choices':
      return `${block.label}\n${block.links.map((link) => `- ${link.label}: ${link.url}`).join('\n')}`;
  }
}

/**
 * The same content as accessible HTML (one language attribute, a heading, paragraphs, real links with
 * meaningful texts, a data table with row headers, no images, readable without CSS) and as plain text.
 */
export function renderLayout(content: MailContent, options: LayoutOptions): RenderedBody {
  const t = T[options.locale];
  const subject = headerText(content.title);
  // a "name" that is no plausible person's name (a sentence, a link) is left out: "Guten Tag," / "Hello,"
  const greeting = t.greeting(greetingName(options.name));
  const footerLines = [options.cityName, options.cityContact];

  const textParts = [
    greeting,
    content.summary,
    ...content.blocks.map(blockText),
    `${t.closing}\n${options.cityName}`,
    '--',
    footerLines.join('\n'),
  ];
  if (options.preferencesUrl) textParts.push(`${t.optional}\n${options.preferencesUrl}`);
  textParts.push(t.automatic);
  const text = `${textParts.join('\n\n')}\n`;

  const blocks = content.blocks.map((block) => blockHtml(block, t.copyLink)).join('\n');
  const optional = options.preferencesUrl
    ? `<p style="margin:0 0 8px;">${escapeHtml(t.optional)} <a href="${safeHref(options.preferencesUrl)}" style="color:${COLORS.accent};">${escapeHtml(options.preferencesUrl)}</a></p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${options.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};">
<div role="article" aria-label="${escapeHtml(subject)}" lang="${options.locale}" style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:${COLORS.text};${FONT}font-size:16px;line-height:1.5;">
<header>
<p style="margin:0 0 24px;font-size:14px;font-weight:bold;color:${COLORS.muted};">${escapeHtml(options.cityName)}</p>
</header>
<main>
<h1 style="margin:0 0 24px;font-size:24px;line-height:1.25;">${escapeHtml(content.title)}</h1>
<p style="margin:0 0 16px;">${escapeHtml(greeting)}</p>
<p style="margin:0 0 16px;">${escapeMultiline(content.summary)}</p>
${blocks}
<p style="margin:24px 0 0;">${escapeHtml(t.closing)}<br>${escapeHtml(options.cityName)}</p>
</main>
<footer style="margin-top:32px;padding-top:16px;border-top:1px solid ${COLORS.border};font-size:14px;color:${COLORS.muted};">
<p style="margin:0 0 8px;">${footerLines.map(escapeHtml).join('<br>')}</p>
${optional}
<p style="margin:0;">${escapeHtml(t.automatic)}</p>
</footer>
</div>
</body>
</html>
`;
  return { subject, text, html };
}
