import type { Locale } from '@buergeramt/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { NotificationsConfig } from '../config';
import { appointmentCalendar } from './calendar';
import type { MailContent, TemplateContext } from './content';
import { renderLayout } from './layout';
import { applicationPath, appointmentPath, feedbackPath, PublicLinks } from './links';
import { ALWAYS_SENT, type MailKind, type MailRequestOf } from './mail-kinds';
import { TEMPLATES } from './templates';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A mail ready to send: what the delivery log keeps until it is sent. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

export interface RenderRecipient {
  locale: Locale;
  /** the name to greet, or null */
  name: string | null;
  /** people with an account can switch optional mails off; guests cannot */
  hasAccount: boolean;
}

/** An inbox entry's texts, in the reader's language. */
export interface InboxText {
  title: string;
  body: string;
}

/** Renders mails and inbox texts from a kind and its parameters (typed templates, both languages). */
@Injectable()
export class MailRenderer {
  readonly links: PublicLinks;

  constructor(@Inject(NotificationsConfig) private readonly config: NotificationsConfig) {
    this.links = new PublicLinks(config.PUBLIC_BASE_URL);
  }

  render<K extends MailKind>(request: MailRequestOf<K>, recipient: RenderRecipient): RenderedMail {
    const content = this.content(request, recipient.locale, recipient.name);
    const optional = !ALWAYS_SENT[request.kind] && recipient.hasAccount;
    const body = renderLayout(content, {
      locale: recipient.locale,
      name: recipient.name,
      cityName: this.config.CITY_NAME,
      cityContact: this.config.CITY_CONTACT,
      preferencesUrl: optional ? this.links.preferences() : null,
    });
    return { ...body, attachments: this.attachments(request, recipient.locale) };
  }

  /** The inbox entry's title and body; only texts, so tokens are never needed (nor stored with entries). */
  inboxText<K extends MailKind>(request: MailRequestOf<K>, locale: Locale): InboxText {
    const content = this.content(request, locale, null);
    return { title: content.title, body: content.summary };
  }

  /** The path (below PUBLIC_BASE_URL) an inbox entry links to, without tokens. */
  inboxLink(request: MailRequestOf<MailKind>): string | null {
    const r = request as { [K in MailKind]: MailRequestOf<K> }[MailKind];
    switch (r.kind) {
      case 'booking-confirmation':
      case 'appointment-reminder':
      case 'appointment-cancelled':
      case 'appointment-rescheduled':
      case 'guest-confirmation':
        return appointmentPath(r.params.appointmentId);
      case 'application-received':
      case 'information-requested':
      case 'decision-available':
      case 'staff-message':
        return applicationPath(r.params.applicationId);
      case 'feedback-request':
        return feedbackPath(r.params.subjectType, r.params.subjectId);
      case 'email-verification':
      case 'password-reset':
      case 'staff-invitation':
      case 'account-locked':
        return null;
    }
  }

  private content<K extends MailKind>(
    request: MailRequestOf<K>,
    locale: Locale,
    name: string | null,
  ): MailContent {
    const context: TemplateContext = { locale, name, links: this.links, cityName: this.config.CITY_NAME };
    return TEMPLATES[request.kind](request.params, context);
  }

  private attachments(request: MailRequestOf<MailKind>, locale: Locale): MailAttachment[] {
    const r = request as { [K in MailKind]: MailRequestOf<K> }[MailKind];
    const base = { locale, cityName: this.config.CITY_NAME, links: this.links };
    switch (r.kind) {
      case 'booking-confirmation':
        return [ics(appointmentCalendar(r.params, { ...base, method: 'PUBLISH', sequence: 0 }), 'PUBLISH')];
      case 'appointment-rescheduled':
        return [
          ics(
            appointmentCalendar(r.params, { ...base, method: 'PUBLISH', sequence: r.params.sequence }),
            'PUBLISH',
          ),
        ];
      case 'appointment-cancelled':
        return [
          ics(
            appointmentCalendar(r.params, { ...base, method: 'CANCEL', sequence: r.params.sequence }),
            'CANCEL',
          ),
        ];
      case 'email-verification':
      case 'password-reset':
      case 'staff-invitation':
      case 'account-locked':
      case 'guest-confirmation':
      case 'appointment-reminder':
      case 'application-received':
      case 'information-requested':
      case 'decision-available':
      case 'staff-message':
      case 'feedback-request':
        return [];
    }
  }
}

function ics(content: string, method: 'PUBLISH' | 'CANCEL'): MailAttachment {
  return { filename: 'termin.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content };
}
