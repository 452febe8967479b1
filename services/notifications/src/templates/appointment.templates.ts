import type { Locale } from '@buergeramt/contracts';
import type { Block, MailContent, TemplateContext } from './content';
import { formatDateTime, formatTime, formatTimeRange } from './format';
import type { AppointmentMailParams, MailParams } from './mail-kinds';

/** The appointment as a table: reference, time, service and place when the event named them. */
export function appointmentDetails(p: AppointmentMailParams, locale: Locale): Block {
  const de = locale === 'de';
  const rows = [
    { label: de ? 'Buchungsnummer' : 'Booking reference', value: p.reference },
    { label: de ? 'Termin' : 'Date and time', value: formatTimeRange(p.start, p.end, locale) },
  ];
  if (p.serviceName) rows.push({ label: de ? 'Anliegen' : 'Service', value: p.serviceName[locale] });
  const place = [p.locationName, p.locationAddress].filter((part): part is string => !!part).join(', ');
  if (place) rows.push({ label: de ? 'Ort' : 'Place', value: place });
  return { type: 'details', rows };
}

function manageLink(
  p: AppointmentMailParams,
  { locale, links }: TemplateContext,
  canReschedule = true,
): Block {
  const label =
    locale === 'de'
      ? canReschedule
        ? 'Termin ansehen, verschieben oder absagen'
        : 'Termin ansehen oder absagen'
      : canReschedule
        ? 'View, reschedule or cancel the appointment'
        : 'View or cancel the appointment';
  return { type: 'action', link: { label, url: links.appointment(p.appointmentId, p.manageToken) } };
}

export function guestConfirmation(p: MailParams['guest-confirmation'], ctx: TemplateContext): MailContent {
  const { locale, links } = ctx;
  const url = links.confirmAppointment(p.appointmentId, p.manageToken ?? '');
  const by = formatTime(p.confirmBy, locale);
  return locale === 'de'
    ? {
        title: 'Bitte bestätigen Sie Ihren Termin',
        summary: `Sie haben einen Termin gebucht. Er gilt erst, wenn Sie ihn bestätigen – bitte bis ${by} Uhr, sonst wird er wieder freigegeben.`,
        blocks: [
          appointmentDetails(p, locale),
          { type: 'action', link: { label: 'Termin bestätigen', url } },
          {
            type: 'paragraph',
            text: 'Nach der Bestätigung erhalten Sie eine weitere E-Mail mit dem Termin für Ihren Kalender.',
          },
          {
            type: 'paragraph',
            text: 'Wenn Sie keinen Termin gebucht haben, können Sie diese E-Mail ignorieren.',
          },
        ],
      }
    : {
        title: 'Please confirm your appointment',
        summary: `You booked an appointment. It only holds once you confirm it – please do so by ${by}, otherwise it is released again.`,
        blocks: [
          appointmentDetails(p, locale),
          { type: 'action', link: { label: 'Confirm the appointment', url } },
          {
            type: 'paragraph',
            text: 'Once you have confirmed it you will receive another e-mail with the appointment for your calendar.',
          },
          { type: 'paragraph', text: 'If you did not book an appointment, you can ignore this e-mail.' },
        ],
      };
}

export function bookingConfirmation(
  p: MailParams['booking-confirmation'],
  ctx: TemplateContext,
): MailContent {
  const { locale } = ctx;
  const when = formatTimeRange(p.start, p.end, locale);
  return locale === 'de'
    ? {
        title: 'Ihr Termin ist bestätigt',
        summary: `Ihr Termin am ${when} ist gebucht. Mit der Datei im Anhang übernehmen Sie ihn in Ihren Kalender.`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx),
          {
            type: 'paragraph',
            text: 'Bitte bringen Sie die Buchungsnummer und die für Ihr Anliegen nötigen Unterlagen mit.',
          },
        ],
      }
    : {
        title: 'Your appointment is confirmed',
        summary: `Your appointment on ${when} is booked. The attached file adds it to your calendar.`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx),
          {
            type: 'paragraph',
            text: 'Please bring the booking reference and the documents your matter needs.',
          },
        ],
      };
}

export function appointmentReminder(
  p: MailParams['appointment-reminder'],
  ctx: TemplateContext,
): MailContent {
  const { locale } = ctx;
  const when = formatTimeRange(p.start, p.end, locale);
  return locale === 'de'
    ? {
        title: 'Erinnerung an Ihren Termin',
        summary: `Wir erinnern Sie an Ihren Termin am ${when}.`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx, false),
          {
            type: 'paragraph',
            text: 'Wenn Sie nicht kommen können, sagen Sie den Termin bitte ab, damit andere ihn nutzen können.',
          },
        ],
      }
    : {
        title: 'Reminder of your appointment',
        summary: `This is a reminder of your appointment on ${when}.`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx, false),
          {
            type: 'paragraph',
            text: 'If you cannot come, please cancel the appointment so that someone else can have it.',
          },
        ],
      };
}

export function appointmentCancelled(
  p: MailParams['appointment-cancelled'],
  ctx: TemplateContext,
): MailContent {
  const { locale, links } = ctx;
  const when = formatTimeRange(p.start, p.end, locale);
  const home = links.absolute('/');
  if (locale === 'de') {
    const summary = {
      owner: `Ihr Termin am ${when} ist wie gewünscht abgesagt.`,
      staff: `Ihr Termin am ${when} musste leider vom Bürgeramt abgesagt werden. Bitte entschuldigen Sie.`,
      system: `Ihr Termin am ${when} wurde abgesagt.`,
    }[p.cancelledBy];
    return {
      title: 'Ihr Termin wurde abgesagt',
      summary,
      blocks: [
        appointmentDetails(p, locale),
        { type: 'paragraph', text: 'Einen neuen Termin können Sie jederzeit online buchen.' },
        { type: 'action', link: { label: 'Zum Digitalen Bürgeramt', url: home } },
      ],
    };
  }
  const summary = {
    owner: `Your appointment on ${when} has been cancelled as you asked.`,
    staff: `We are sorry: the citizens' office had to cancel your appointment on ${when}.`,
    system: `Your appointment on ${when} has been cancelled.`,
  }[p.cancelledBy];
  return {
    title: 'Your appointment has been cancelled',
    summary,
    blocks: [
      appointmentDetails(p, locale),
      { type: 'paragraph', text: 'You can book a new appointment online at any time.' },
      { type: 'action', link: { label: "Go to the digital citizens' office", url: home } },
    ],
  };
}

export function appointmentRescheduled(
  p: MailParams['appointment-rescheduled'],
  ctx: TemplateContext,
): MailContent {
  const { locale } = ctx;
  const when = formatTimeRange(p.start, p.end, locale);
  const before = formatDateTime(p.previousStart, locale);
  return locale === 'de'
    ? {
        title: 'Ihr Termin wurde verschoben',
        summary: `Ihr Termin ist jetzt am ${when} (bisher: ${before}).`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx),
          {
            type: 'paragraph',
            text: 'Mit der Datei im Anhang aktualisieren Sie den Termin in Ihrem Kalender.',
          },
        ],
      }
    : {
        title: 'Your appointment has been moved',
        summary: `Your appointment is now on ${when} (before: ${before}).`,
        blocks: [
          appointmentDetails(p, locale),
          manageLink(p, ctx),
          { type: 'paragraph', text: 'The attached file updates the appointment in your calendar.' },
        ],
      };
}
