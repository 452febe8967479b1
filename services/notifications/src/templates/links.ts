import type { FeedbackSubjectType } from '@buergeramt/platform';
/**
 * Every link a mail or an inbox entry carries, built from PUBLIC_BASE_URL. The paths are the citizen and
 * back-office SPAs' routes (README: "Links"); changing one breaks links in mails already sent.
 */
export const SPA_PATHS = {
  verifyEmail: '/konto/bestaetigen',
  login: '/konto/anmelden',
  forgotPassword: '/konto/passwort-vergessen',
  resetPassword: '/konto/passwort-neu',
  preferences: '/konto/benachrichtigungen',
  invitation: '/backoffice/einladung',
  appointment: (id: string): string => `/termine/${encodeURIComponent(id)}`,
  confirmAppointment: (id: string): string => `/termine/${encodeURIComponent(id)}/bestaetigen`,
  application: (id: string): string => `/antraege/${encodeURIComponent(id)}`,
  feedback: '/feedback',
} as const;

export type { FeedbackSubjectType };

function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Builds absolute links from the public base URL (which may carry a path, e.g. `https://stadt.de/buergeramt`). */
export class PublicLinks {
  private readonly base: string;

  constructor(publicBaseUrl: string) {
    this.base = publicBaseUrl.replace(/\/+$/, '');
  }

  /** `path` (starting with `/`, may carry a query) as an absolute URL. */
  absolute(path: string): string {
    return `${this.base}${path}`;
  }

  verifyEmail(token: string): string {
    return this.absolute(withQuery(SPA_PATHS.verifyEmail, { token }));
  }

  login(): string {
    return this.absolute(SPA_PATHS.login);
  }

  forgotPassword(): string {
    return this.absolute(SPA_PATHS.forgotPassword);
  }

  resetPassword(token: string): string {
    return this.absolute(withQuery(SPA_PATHS.resetPassword, { token }));
  }

  invitation(token: string): string {
    return this.absolute(withQuery(SPA_PATHS.invitation, { token }));
  }

  preferences(): string {
    return this.absolute(SPA_PATHS.preferences);
  }

  /** The appointment's page; guests get the manage token, logged-in owners log in instead. */
  appointment(id: string, manageToken: string | null): string {
    return this.absolute(appointmentPath(id, manageToken));
  }

  confirmAppointment(id: string, token: string): string {
    return this.absolute(withQuery(SPA_PATHS.confirmAppointment(id), { token }));
  }

  application(id: string): string {
    return this.absolute(SPA_PATHS.application(id));
  }

  /** One click: the rating is in the link; `token` proves who was asked (FeedbackTokens). */
  feedback(subjectType: FeedbackSubjectType, subjectId: string, rating: number, token: string): string {
    return this.absolute(feedbackPath(subjectType, subjectId, { rating, token }));
  }
}

export function appointmentPath(id: string, manageToken: string | null = null): string {
  return withQuery(SPA_PATHS.appointment(id), { token: manageToken });
}

export function applicationPath(id: string): string {
  return SPA_PATHS.application(id);
}

/** The feedback page; from the inbox (logged in) without rating and token. */
export function feedbackPath(
  subjectType: FeedbackSubjectType,
  subjectId: string,
  extra: { rating?: number; token?: string } = {},
): string {
  return withQuery(SPA_PATHS.feedback, { subjectType, subjectId, rating: extra.rating, token: extra.token });
}
