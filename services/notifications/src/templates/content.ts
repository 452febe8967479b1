import type { Locale } from '@buergeramt/contracts';
import type { PublicLinks } from './links';

/** A link with a text that says where it goes (never "click here"). */
export interface MailLink {
  label: string;
  url: string;
}

/** The building blocks of a mail's body. Every string is plain text: the layout escapes it. */
export type Block =
  | { type: 'paragraph'; text: string }
  /** the mail's main link, shown as a button with the address written out below */
  | { type: 'action'; link: MailLink }
  /** label/value pairs (reference, date, place) as a table */
  | { type: 'details'; rows: { label: string; value: string }[] }
  /** a list of links to choose from (the one-click ratings) */
  | { type: 'choices'; label: string; links: MailLink[] };

/** What a template produces; the layout turns it into HTML and plain text. */
export interface MailContent {
  /** subject of the mail, its heading and the inbox entry's title */
  title: string;
  /** one or two sentences: the first paragraph of the mail and the inbox entry's body */
  summary: string;
  blocks: Block[];
}

/** What a template may use besides its parameters. */
export interface TemplateContext {
  locale: Locale;
  /** the name to greet; null greets without a name */
  name: string | null;
  links: PublicLinks;
  cityName: string;
}

/** Picks the text of the context's language. */
export function tr(locale: Locale, texts: Record<Locale, string>): string {
  return texts[locale];
}
