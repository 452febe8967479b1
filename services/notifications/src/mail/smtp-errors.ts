/** How a failed send is treated. */
export interface SmtpFailure {
  /** a 5xx answer (or a message nodemailer refuses to send): retrying cannot help */
  permanent: boolean;
  /** the SMTP reply code, when the server answered */
  code: number | null;
  message: string;
}

/**
 * RFC 5321: 4xx replies are transient (try again later), 5xx permanent. No reply at all (refused
 * connection, timeout, TLS trouble) means the server is down or unreachable: transient.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (code !== null) return { permanent: code >= 500 && code < 600, code, message };
  // nodemailer refused the message itself (e.g. no valid recipient): sending it again changes nothing
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { permanent: true, code: null, message };
  return { permanent: false, code: null, message };
}
