/**
 * When the mails that first failed at `t0` (0 … `streamMs` after the SMTP server went away) are
 * delivered, with BullMQ's exponential backoff (`backoffMs · 2^(n-1)` before try n+1) and `attempts`
 * tries in all: the latest such time in ms after the server went away, or null when some mail would
 * run out of tries before the server is back after `outageMs`.
 */
export function latestDeliveryAfterOutage(
  outageMs: number,
  streamMs: number,
  backoffMs: number,
  attempts: number,
): number | null {
  let latest = 0;
  for (let t0 = 0; t0 <= streamMs; t0 += 100) {
    let t = t0;
    let tries = 1;
    while (t < outageMs) {
      if (tries >= attempts) return null;
      t += backoffMs * 2 ** (tries - 1);
      tries += 1;
    }
    latest = Math.max(latest, t);
  }
  return latest;
}
