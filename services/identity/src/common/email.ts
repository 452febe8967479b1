/**
 * The one spelling of an e-mail address identity stores and compares: trimmed, Unicode NFC, lower-case
 * (local part included: no mail provider a citizens' office deals with distinguishes case, and two
 * accounts for `Max@x.de` and `max@x.de` would confuse everyone).
 */
export function normalizeEmail(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}
