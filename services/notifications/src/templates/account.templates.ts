import type { Role } from '@buergeramt/contracts';
import type { MailContent, TemplateContext } from './content';
import { formatDateTime } from './format';
import type { MailParams } from './mail-kinds';

const ROLE_NAMES: Record<Role, { de: string; en: string }> = {
  citizen: { de: 'Bürgerin oder Bürger', en: 'citizen' },
  clerk: { de: 'Sachbearbeitung', en: 'clerk' },
  supervisor: { de: 'Teamleitung', en: 'supervisor' },
  admin: { de: 'Administration', en: 'administrator' },
};

export function emailVerification(
  p: MailParams['email-verification'],
  { locale, links }: TemplateContext,
): MailContent {
  if (p.alreadyRegistered) {
    return locale === 'de'
      ? {
          title: 'Sie haben bereits ein Konto',
          summary:
            'Jemand hat versucht, mit dieser E-Mail-Adresse ein neues Konto beim Digitalen Bürgeramt anzulegen. Für diese Adresse besteht bereits ein Konto.',
          blocks: [
            { type: 'action', link: { label: 'Anmelden', url: links.login() } },
            {
              type: 'paragraph',
              text: 'Wenn Sie Ihr Passwort vergessen haben, können Sie ein neues festlegen:',
            },
            { type: 'action', link: { label: 'Neues Passwort festlegen', url: links.forgotPassword() } },
            { type: 'paragraph', text: 'Wenn Sie das nicht waren, müssen Sie nichts tun.' },
          ],
        }
      : {
          title: 'You already have an account',
          summary:
            "Someone tried to create a new account at the digital citizens' office with this e-mail address. There is already an account for this address.",
          blocks: [
            { type: 'action', link: { label: 'Log in', url: links.login() } },
            { type: 'paragraph', text: 'If you have forgotten your password, you can set a new one:' },
            { type: 'action', link: { label: 'Set a new password', url: links.forgotPassword() } },
            { type: 'paragraph', text: 'If this was not you, there is nothing you need to do.' },
          ],
        };
  }
  const until = formatDateTime(p.expiresAt, locale);
  return locale === 'de'
    ? {
        title: 'Bitte bestätigen Sie Ihre E-Mail-Adresse',
        summary:
          'Sie haben ein Konto beim Digitalen Bürgeramt angelegt. Bitte bestätigen Sie Ihre E-Mail-Adresse, damit Sie sich anmelden können.',
        blocks: [
          { type: 'action', link: { label: 'E-Mail-Adresse bestätigen', url: links.verifyEmail(p.token) } },
          { type: 'paragraph', text: `Der Link ist gültig bis ${until}.` },
          {
            type: 'paragraph',
            text: 'Wenn Sie kein Konto angelegt haben, können Sie diese E-Mail ignorieren.',
          },
        ],
      }
    : {
        title: 'Please confirm your e-mail address',
        summary:
          "You created an account at the digital citizens' office. Please confirm your e-mail address so that you can log in.",
        blocks: [
          { type: 'action', link: { label: 'Confirm e-mail address', url: links.verifyEmail(p.token) } },
          { type: 'paragraph', text: `The link is valid until ${until}.` },
          { type: 'paragraph', text: 'If you did not create an account, you can ignore this e-mail.' },
        ],
      };
}

export function passwordReset(
  p: MailParams['password-reset'],
  { locale, links }: TemplateContext,
): MailContent {
  const until = formatDateTime(p.expiresAt, locale);
  return locale === 'de'
    ? {
        title: 'Neues Passwort festlegen',
        summary:
          'Sie haben angefordert, Ihr Passwort zurückzusetzen. Über den folgenden Link legen Sie ein neues Passwort fest.',
        blocks: [
          { type: 'action', link: { label: 'Neues Passwort festlegen', url: links.resetPassword(p.token) } },
          { type: 'paragraph', text: `Der Link ist gültig bis ${until} und kann einmal verwendet werden.` },
          {
            type: 'paragraph',
            text: 'Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren; Ihr Passwort bleibt unverändert.',
          },
        ],
      }
    : {
        title: 'Set a new password',
        summary: 'You asked to reset your password. Use the following link to set a new one.',
        blocks: [
          { type: 'action', link: { label: 'Set a new password', url: links.resetPassword(p.token) } },
          { type: 'paragraph', text: `The link is valid until ${until} and can be used once.` },
          {
            type: 'paragraph',
            text: 'If you did not ask for this, you can ignore this e-mail; your password stays the same.',
          },
        ],
      };
}

export function staffInvitation(
  p: MailParams['staff-invitation'],
  { locale, links }: TemplateContext,
): MailContent {
  const until = formatDateTime(p.expiresAt, locale);
  const roles = p.roles.map((role) => ROLE_NAMES[role]?.[locale] ?? role).join(', ');
  return locale === 'de'
    ? {
        title: 'Einladung in das Back-Office des Digitalen Bürgeramts',
        summary:
          'Für Sie wurde ein Zugang zum Back-Office des Digitalen Bürgeramts eingerichtet. Bitte legen Sie Ihr Passwort fest.',
        blocks: [
          { type: 'details', rows: [{ label: 'Rollen', value: roles }] },
          { type: 'action', link: { label: 'Passwort festlegen', url: links.invitation(p.token) } },
          {
            type: 'paragraph',
            text: `Die Einladung ist gültig bis ${until}. Bei der ersten Anmeldung richten Sie außerdem die Anmeldung mit einem zweiten Faktor (Authenticator-App) ein.`,
          },
        ],
      }
    : {
        title: "Invitation to the back office of the digital citizens' office",
        summary:
          "An account for the back office of the digital citizens' office has been set up for you. Please set your password.",
        blocks: [
          { type: 'details', rows: [{ label: 'Roles', value: roles }] },
          { type: 'action', link: { label: 'Set your password', url: links.invitation(p.token) } },
          {
            type: 'paragraph',
            text: `The invitation is valid until ${until}. When you first log in you will also set up a second factor (an authenticator app).`,
          },
        ],
      };
}

export function accountLocked(
  p: MailParams['account-locked'],
  { locale, links }: TemplateContext,
): MailContent {
  const until = formatDateTime(p.lockedUntil, locale);
  return locale === 'de'
    ? {
        title: 'Ihr Konto wurde vorübergehend gesperrt',
        summary: `Nach mehreren fehlgeschlagenen Anmeldeversuchen ist Ihr Konto bis ${until} gesperrt.`,
        blocks: [
          {
            type: 'paragraph',
            text: 'Wenn Sie das waren, warten Sie bitte bis dahin oder legen Sie ein neues Passwort fest.',
          },
          { type: 'action', link: { label: 'Neues Passwort festlegen', url: links.forgotPassword() } },
          {
            type: 'paragraph',
            text: 'Wenn Sie es nicht waren, versucht möglicherweise jemand, sich mit Ihrer E-Mail-Adresse anzumelden. Legen Sie dann ein neues, sicheres Passwort fest. Bei Fragen erreichen Sie uns über die Kontaktdaten unten.',
          },
        ],
      }
    : {
        title: 'Your account has been locked for a while',
        summary: `After several failed login attempts your account is locked until ${until}.`,
        blocks: [
          { type: 'paragraph', text: 'If this was you, please wait until then or set a new password.' },
          { type: 'action', link: { label: 'Set a new password', url: links.forgotPassword() } },
          {
            type: 'paragraph',
            text: 'If it was not you, someone may be trying to log in with your e-mail address. Please set a new, strong password. If you have questions, contact us using the details below.',
          },
        ],
      };
}
