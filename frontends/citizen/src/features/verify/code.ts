/**
 * The verification code printed on a document the city issued (with its QR code): 12 characters of
 * Crockford's base32 in groups of four, `7K3M-Q9XD-2HFB`. The same reading as the documents service's:
 * lower case, spaces and dashes are fine, and I, L, O typed for 1, 1, 0 are read as what was meant.
 */
export function normalizeVerificationCode(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8, 12)}`;
}
