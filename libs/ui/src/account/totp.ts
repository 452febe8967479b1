/** Helpers of the TOTP set-up pages (a resident's own, a staff member's enrollment at log-in). */

/** The base32 secret in groups of four for typing ("JBSW Y3DP EHPK 3PXP"). */
export function groupSecret(secret: string): string {
  return (
    secret
      .replace(/[\s=]/g, '')
      .toUpperCase()
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

/** The account an otpauth URL names ("Digitales Bürgeramt (erika@example.org)"), for the QR code's text. */
export function accountLabel(otpauthUrl: string): string {
  try {
    const url = new URL(otpauthUrl);
    const label = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    const [issuer, name] = label.includes(':')
      ? label.split(/:(.*)/s)
      : [url.searchParams.get('issuer'), label];
    return issuer && name ? `${issuer} (${name.trim()})` : label;
  } catch {
    return '';
  }
}

/**
 * The QR code of an otpauth URL as an SVG data URL for an `<img>` (the CSP allows `img-src data:`; no
 * markup is inserted into the page). `qrcode` is loaded only when this is called.
 */
export async function qrCodeDataUrl(otpauthUrl: string): Promise<string> {
  const { toString } = await import('qrcode');
  const svg = await toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
