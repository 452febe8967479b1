import type { Locale } from '@buergeramt/contracts';
import type { LocalizedText } from '@buergeramt/platform';

/**
 * A text of an answer in both languages of the API (API.md: `Accept-Language` chooses, German is the
 * default): the platform's `LocalizedText`. Identity's problems carry texts, not strings;
 * `ProblemLanguageInterceptor` picks the language of the request when the problem leaves.
 */
export type Text = LocalizedText;

/** Every sentence identity answers with, in one place. */
export const MESSAGES = {
  // platform answers identity gives too
  validationDetail: {
    de: 'Bitte korrigieren Sie die in `errors` genannten Felder.',
    en: 'Please correct the fields named in `errors`.',
  },
  notFound: {
    de: 'Hier ist nichts, oder es gehört nicht Ihnen.',
    en: 'There is nothing here, or it is not yours.',
  },

  // login and lockout
  accountLocked: (minutes: number): Text => ({
    de: `Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} wieder, oder setzen Sie Ihr Passwort zurück.`,
    en: `Too many failed logins. Try again in ${minutes} minute(s), or reset your password.`,
  }),
  accountDisabled: {
    de: 'Bitte wenden Sie sich an die Verwaltung.',
    en: 'Please contact an administrator.',
  },
  emailNotVerified: {
    de: 'Bitte nutzen Sie den Link in der E-Mail, die wir Ihnen geschickt haben. Wenn Sie sich noch einmal registrieren, kommt ein neuer.',
    en: 'Please use the link in the mail we sent you. Registering again sends a new one.',
  },
  mfaCodeNeeded: {
    de: 'Geben Sie den Code aus Ihrer Authenticator-App ein.',
    en: 'Enter the code from your authenticator app.',
  },
  mfaCodeRejected: {
    de: 'Der Code wurde nicht angenommen. Geben Sie den aktuellen Code ein.',
    en: 'The code was not accepted. Enter the current code.',
  },
  mfaEnrollment: {
    de: 'Konten von Mitarbeitenden brauchen die Zwei-Faktor-Anmeldung: Richten Sie mit diesem Enrollment-Token eine Authenticator-App ein.',
    en: 'Staff accounts need two-factor authentication: set up an authenticator app with this enrollment token.',
  },

  // sessions
  logInAgain: { de: 'Bitte melden Sie sich erneut an.', en: 'Please log in again.' },
  noSession: {
    de: 'Es gibt keine Sitzung, die verlängert werden könnte. Bitte melden Sie sich an.',
    en: 'There is no session to refresh. Please log in.',
  },
  refreshReused: {
    de: 'Dieses Refresh-Token wurde schon benutzt: Jede damit begonnene Sitzung ist beendet. Bitte melden Sie sich erneut an.',
    en: 'This refresh token was already used: every session started with it is ended. Please log in again.',
  },

  // mailed links
  invalidToken: {
    de: 'Der Link ist ungültig, wurde schon benutzt oder ist abgelaufen.',
    en: 'The link is invalid, was already used or has expired.',
  },
  linkNoLongerValid: { de: 'Der Link ist nicht mehr gültig.', en: 'The link is no longer valid.' },

  // passwords (password-policy.ts)
  passwordTooShort: (min: number): Text => ({
    de: `Das Passwort braucht mindestens ${min} Zeichen.`,
    en: `The password needs at least ${min} characters.`,
  }),
  passwordCommon: {
    de: 'Dieses Passwort steht auf einer Liste häufig benutzter Passwörter, die Angreifer zuerst ausprobieren. Bitte wählen Sie ein anderes.',
    en: 'This password is on a list of commonly used passwords that attackers try first. Please choose another.',
  },
  passwordIsEmail: {
    de: 'Das Passwort darf nicht Ihre E-Mail-Adresse sein.',
    en: 'The password must not be your e-mail address.',
  },

  // fields (dto/fields.ts, accounts.dto.ts)
  email: { de: 'muss eine E-Mail-Adresse sein', en: 'must be an e-mail address' },
  name: {
    de: 'darf nur Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte enthalten (keine Ziffern, Links oder @)',
    en: 'may contain only letters, spaces, hyphens, apostrophes and dots (no digits, links or @)',
  },
  postalCode: {
    de: 'muss eine Postleitzahl sein (Buchstaben, Ziffern, Leerzeichen, Bindestriche)',
    en: 'must be a postal code (letters, digits, spaces, hyphens)',
  },
  phone: {
    de: 'muss eine Telefonnummer sein (Ziffern, Leerzeichen, + ( ) / - .)',
    en: 'must be a telephone number (digits, spaces, + ( ) / - .)',
  },

  // TOTP
  totpCodeInvalid: {
    de: 'Der Code ist nicht gültig. Prüfen Sie die Uhrzeit Ihres Geräts.',
    en: 'The code is not valid. Check the time on your device.',
  },
  totpCodeWrong: {
    de: 'Der Code ist nicht der aktuelle Code Ihrer Authenticator-App.',
    en: 'The code is not the current code of your authenticator app.',
  },
  mfaAlreadyEnabled: {
    de: 'Schalten Sie sie zuerst aus, um ein neues Gerät einzurichten.',
    en: 'Switch it off first to set up a new device.',
  },
  mfaMandatory: {
    de: 'Ein Admin kann sie zurücksetzen, indem er das Konto deaktiviert und neu einlädt.',
    en: 'An admin can reset it by disabling and re-inviting the account.',
  },
  mfaNotStarted: { de: 'Fordern Sie zuerst ein Geheimnis an.', en: 'Ask for a secret first.' },

  // accounts, staff, clients, providers
  accountGone: { de: 'Dieses Konto gibt es nicht mehr.', en: 'This account no longer exists.' },
  noStaffAccount: {
    de: 'Es gibt kein Konto von Mitarbeitenden mit dieser ID.',
    en: 'There is no staff account with this id.',
  },
  emailTaken: {
    de: 'Verwenden Sie eine andere Adresse, oder ändern Sie das bestehende Konto.',
    en: 'Use another address, or change the existing account.',
  },
  lastAdmin: {
    de: 'Machen Sie zuerst eine andere Person zum Admin.',
    en: 'Make someone else admin first.',
  },
  noClient: { de: 'Diesen Client gibt es nicht.', en: 'There is no such client.' },
  clientCredentialsMissing: {
    de: 'Senden Sie client_id und client_secret.',
    en: 'Send client_id and client_secret.',
  },
  clientUnknown: {
    de: 'Unbekannter Client oder falsches Geheimnis.',
    en: 'Unknown client or wrong secret.',
  },
  scopeRefused: (scopes: string): Text => ({
    de: `Diesem Client nicht erlaubt: ${scopes}`,
    en: `Not granted to this client: ${scopes}`,
  }),
  unknownProvider: (id: string): Text => ({
    de: `Es gibt keinen Anmeldedienst „${id}“.`,
    en: `There is no login provider "${id}".`,
  }),
} as const;

/**
 * Identity's own field messages (the `en` of each text above that a validation decorator uses), by their
 * English wording, so that the 422s of the global validation pipe can be answered in German too.
 */
const FIELD_MESSAGES: ReadonlyMap<string, Text> = new Map(
  [MESSAGES.email, MESSAGES.name, MESSAGES.postalCode, MESSAGES.phone].map((text) => [text.en, text]),
);

/** class-validator's default messages (`<property> must be a string`), and what they say in German. */
const DEFAULT_MESSAGES_DE: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^property \S+ should not exist$/, () => 'ist hier kein zulässiges Feld'],
  [/^nested property \S+ must be either object or array$/, () => 'muss ein Objekt sein'],
  [/^(?:each value in )?\S+ must be a string$/, () => 'muss ein Text sein'],
  [/^\S+ should not be empty$/, () => 'darf nicht leer sein'],
  [/^\S+ should not be null or undefined$/, () => 'muss angegeben werden'],
  [
    /^\S+ must be shorter than or equal to (\d+) characters$/,
    (m) => `darf höchstens ${m[1]} Zeichen lang sein`,
  ],
  [
    /^\S+ must be longer than or equal to (\d+) characters$/,
    (m) => `muss mindestens ${m[1]} Zeichen lang sein`,
  ],
  [
    /^(?:each value in )?\S+ must be one of the following values: (.*)$/,
    (m) => `muss einer dieser Werte sein: ${m[1]}`,
  ],
  [/^\S+ must be an array$/, () => 'muss eine Liste sein'],
  [/^\S+ must contain no more than (\d+) elements$/, (m) => `darf höchstens ${m[1]} Einträge haben`],
  [/^All \S+'s elements must be unique$/, () => 'darf keinen Eintrag doppelt enthalten'],
  [/^(?:each value in )?\S+ must be a UUID$/, () => 'muss eine UUID sein'],
  [/^\S+ must be an object$/, () => 'muss ein Objekt sein'],
  [/^\S+ must be an integer number$/, () => 'muss eine ganze Zahl sein'],
  [/^\S+ must be a boolean value$/, () => 'muss true oder false sein'],
  [/^\S+ must not be less than (\S+)$/, (m) => `darf nicht kleiner als ${m[1]} sein`],
  [/^\S+ must not be greater than (\S+)$/, (m) => `darf nicht größer als ${m[1]} sein`],
  [/^cursor is not a cursor of this list$/, () => 'ist kein Cursor dieser Liste'],
  // the platform's own input checks
  [/^must not be null$/, () => 'darf nicht null sein'],
  [/^must not contain the character U\+0000$/, () => 'darf das Zeichen U+0000 nicht enthalten'],
  [/^must be valid Unicode/, () => 'muss gültiges Unicode sein (es enthält ein einzelnes UTF-16-Surrogat)'],
];

/**
 * A field message of the validation pipe in `locale`: identity's own messages from their texts,
 * class-validator's defaults by their pattern; anything else as it came (English).
 */
export function fieldMessage(message: string, locale: Locale): string {
  const own = FIELD_MESSAGES.get(message);
  if (own) return own[locale];
  if (locale === 'en') return message;
  for (const [pattern, german] of DEFAULT_MESSAGES_DE) {
    const match = pattern.exec(message);
    if (match) return german(match);
  }
  return message;
}
