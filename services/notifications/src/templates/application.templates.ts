import type { MailContent, TemplateContext } from './content';
import type { MailParams } from './mail-kinds';

// Mails about cases are content-free on purpose: they say that something happened and link to the case,
// but never carry a clerk's message or the decision itself (mail travels unencrypted; README "Decisions").

export function applicationReceived(
  p: MailParams['application-received'],
  { locale, links }: TemplateContext,
): MailContent {
  const url = links.application(p.applicationId);
  return locale === 'de'
    ? {
        title: 'Ihr Antrag ist eingegangen',
        summary: `Wir haben Ihren Antrag erhalten. Die Vorgangsnummer lautet ${p.reference}.`,
        blocks: [
          { type: 'details', rows: [{ label: 'Vorgangsnummer', value: p.reference }] },
          { type: 'action', link: { label: 'Antrag ansehen', url } },
          {
            type: 'paragraph',
            text: 'Den Bearbeitungsstand können Sie jederzeit online verfolgen. Wir melden uns, wenn wir Fragen haben oder eine Entscheidung vorliegt.',
          },
        ],
      }
    : {
        title: 'Your application has been received',
        summary: `We have received your application. Its reference is ${p.reference}.`,
        blocks: [
          { type: 'details', rows: [{ label: 'Reference', value: p.reference }] },
          { type: 'action', link: { label: 'View the application', url } },
          {
            type: 'paragraph',
            text: 'You can follow its progress online at any time. We will let you know when we have questions or when a decision has been made.',
          },
        ],
      };
}

export function informationRequested(
  p: MailParams['information-requested'],
  { locale, links }: TemplateContext,
): MailContent {
  const url = links.application(p.applicationId);
  return locale === 'de'
    ? {
        title: `Rückfrage zu Ihrem Antrag ${p.reference}`,
        summary: `Für die Bearbeitung Ihres Antrags ${p.reference} benötigen wir noch Angaben oder Unterlagen von Ihnen.`,
        blocks: [
          { type: 'action', link: { label: 'Rückfrage lesen und Antrag ergänzen', url } },
          {
            type: 'paragraph',
            text: 'Bitte ergänzen Sie den Antrag und reichen Sie ihn erneut ein. Aus Datenschutzgründen steht die Rückfrage selbst nicht in dieser E-Mail.',
          },
        ],
      }
    : {
        title: `Question about your application ${p.reference}`,
        summary: `To process your application ${p.reference} we need more information or documents from you.`,
        blocks: [
          { type: 'action', link: { label: 'Read the question and complete the application', url } },
          {
            type: 'paragraph',
            text: 'Please complete the application and submit it again. For data protection reasons the question itself is not part of this e-mail.',
          },
        ],
      };
}

export function decisionAvailable(
  p: MailParams['decision-available'],
  { locale, links }: TemplateContext,
): MailContent {
  const url = links.application(p.applicationId);
  const service = p.serviceName[locale];
  return locale === 'de'
    ? {
        title: `Entscheidung zu Ihrem Antrag ${p.reference}`,
        summary: `Über Ihren Antrag „${service}“ (${p.reference}) wurde entschieden. Den Bescheid finden Sie in Ihrem Konto.`,
        blocks: [
          {
            type: 'details',
            rows: [
              { label: 'Vorgangsnummer', value: p.reference },
              { label: 'Anliegen', value: service },
            ],
          },
          { type: 'action', link: { label: 'Bescheid ansehen', url } },
        ],
      }
    : {
        title: `Decision on your application ${p.reference}`,
        summary: `A decision has been made on your application “${service}” (${p.reference}). You will find the decision letter in your account.`,
        blocks: [
          {
            type: 'details',
            rows: [
              { label: 'Reference', value: p.reference },
              { label: 'Service', value: service },
            ],
          },
          { type: 'action', link: { label: 'View the decision', url } },
        ],
      };
}

export function staffMessage(
  p: MailParams['staff-message'],
  { locale, links }: TemplateContext,
): MailContent {
  const url = links.application(p.applicationId);
  return locale === 'de'
    ? {
        title: 'Neue Nachricht zu Ihrem Antrag',
        summary: 'Die Sachbearbeitung hat Ihnen eine Nachricht zu Ihrem Antrag geschrieben.',
        blocks: [
          { type: 'action', link: { label: 'Nachricht lesen', url } },
          { type: 'paragraph', text: 'Aus Datenschutzgründen steht der Inhalt nicht in dieser E-Mail.' },
        ],
      }
    : {
        title: 'New message about your application',
        summary: 'The clerk handling your application has sent you a message.',
        blocks: [
          { type: 'action', link: { label: 'Read the message', url } },
          { type: 'paragraph', text: 'For data protection reasons the content is not part of this e-mail.' },
        ],
      };
}
