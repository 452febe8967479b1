import type { MailContent, TemplateContext } from './content';
import type { MailParams } from './mail-kinds';

const RATINGS = {
  de: ['sehr unzufrieden', 'unzufrieden', 'teils, teils', 'zufrieden', 'sehr zufrieden'],
  en: ['very dissatisfied', 'dissatisfied', 'neither', 'satisfied', 'very satisfied'],
} as const;

/** A short feedback request: five links, each opening the rating page with that rating chosen (sent there, so that mail scanners opening links rate nothing). */
export function feedbackRequest(
  p: MailParams['feedback-request'],
  { locale, links }: TemplateContext,
): MailContent {
  const choices = RATINGS[locale].map((label, index) => ({
    label: `${index + 1} – ${label}`,
    url: links.feedback(p.subjectType, p.subjectId, index + 1, p.token),
  }));
  const ref = p.reference ? ` (${p.reference})` : '';
  if (locale === 'de') {
    return {
      title: 'Wie zufrieden waren Sie?',
      summary:
        p.subjectType === 'appointment'
          ? `Sie hatten einen Termin im Bürgeramt${ref}. Wie zufrieden waren Sie? Wählen Sie unten eine Bewertung und senden Sie sie auf der Seite ab, die sich öffnet.`
          : `Über Ihren Antrag${ref} wurde entschieden. Wie zufrieden waren Sie mit dem Ablauf? Wählen Sie unten eine Bewertung und senden Sie sie auf der Seite ab, die sich öffnet.`,
      blocks: [
        {
          type: 'choices',
          label: 'Ihre Bewertung (1 = sehr unzufrieden, 5 = sehr zufrieden):',
          links: choices,
        },
        {
          type: 'paragraph',
          text: 'Die Bewertung ist freiwillig und hilft uns, besser zu werden. Auf der folgenden Seite können Sie noch einen Kommentar hinterlassen, wenn Sie möchten.',
        },
      ],
    };
  }
  return {
    title: 'How satisfied were you?',
    summary:
      p.subjectType === 'appointment'
        ? `You had an appointment at the citizens' office${ref}. How satisfied were you? Choose a rating below and send it on the page that opens.`
        : `A decision has been made on your application${ref}. How satisfied were you with the process? Choose a rating below and send it on the page that opens.`,
    blocks: [
      { type: 'choices', label: 'Your rating (1 = very dissatisfied, 5 = very satisfied):', links: choices },
      {
        type: 'paragraph',
        text: 'Rating is voluntary and helps us improve. On the next page you can add a comment if you like.',
      },
    ],
  };
}
