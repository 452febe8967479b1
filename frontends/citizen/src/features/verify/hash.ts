/**
 * The file check of the verification page: the browser computes the SHA-256 of the file the person holds
 * (Web Crypto, nothing is uploaded) and compares it with the fingerprint of the document the city issued.
 */

/** Whether this browser can compute a SHA-256 (Web Crypto exists only on secure origins: https, localhost). */
export function canHashFiles(): boolean {
  return typeof globalThis.crypto?.subtle?.digest === 'function';
}

/** The SHA-256 of the file's bytes as 64 lower-case hex digits. */
export async function sha256Hex(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Two fingerprints are the same (case and surrounding space do not matter); never for anything that is not one. */
export function sameSha256(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  return HEX_SHA256.test(x) && x === y;
}

export interface FileCheck {
  /** the file is byte for byte the document the city issued */
  genuine: boolean;
  /** the file's own fingerprint */
  sha256: string;
}

/** Compares the file with the fingerprint the verification answered. */
export async function checkFile(file: Blob, expectedSha256: string): Promise<FileCheck> {
  const sha256 = await sha256Hex(file);
  return { genuine: sameSha256(sha256, expectedSha256), sha256 };
}
