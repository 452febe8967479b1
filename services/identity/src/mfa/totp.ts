import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'account', issuer = 'Digitales Bürgeramt'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, label: string, issuer: string): string {
  return totp(secret, label, issuer).toString();
}

/** The code for `secret` at `time` (tests and tools). */
export function totpCode(secret: string, time: number = Date.now()): string {
  return totp(secret).generate({ timestamp: time });
}

/**
 * The time step `code` belongs to (one step of clock drift either way is accepted), or null when it is
 * not valid. A step at or before `lastStep` is refused, so each code works once.
 */
export function acceptTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  time: number = Date.now(),
): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: time, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(time / 1000 / TOTP_PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
