/**
 * Contrast of two sRGB colours as WCAG 2.1 defines it (success criteria 1.4.3 and 1.4.11):
 * relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels, and the ratio
 * (L1 + 0.05) / (L2 + 0.05) of the lighter to the darker colour, from 1:1 to 21:1.
 */

/** `#rrggbb`, the only colour notation the city configuration accepts. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Normal text (and the buttons and headers drawn in the brand colour) needs at least this (WCAG AA). */
export const MIN_CONTRAST = 4.5;

function channels(hex: string): [number, number, number] {
  if (!HEX_COLOUR.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** WCAG 2.1's linearisation of one 8-bit sRGB channel. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a `#rrggbb` colour: 0 for black, 1 for white. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two `#rrggbb` colours (order does not matter), 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

/**
 * A ratio as people write it ("4.54:1"), cut (not rounded) to two decimals, so that a ratio just
 * under a limit never reads as the limit itself (4.496 is "4.49:1", not "4.50:1").
 */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100 + 1e-9) / 100).toFixed(2)}:1`;
}
