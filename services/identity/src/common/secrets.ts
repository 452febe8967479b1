import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random opaque token (URL-safe), e.g. for links in mails and refresh tokens. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How tokens are stored: never the token itself, only its SHA-256 (tokens are random, so no salt is needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * AES-256-GCM for secrets at rest (private signing keys, TOTP secrets). The output is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url; `aad` binds a ciphertext to its row (e.g. the key id),
 * so a ciphertext copied into another row does not decrypt.
 */
export class SecretBox {
  /**
   * `key` seals and opens; each of `openOnly` only opens what was sealed with it before (a key being
   * retired), so that nothing sealed earlier is lost while new seals use `key`.
   */
  constructor(
    private readonly key: Buffer,
    private readonly openOnly: readonly Buffer[] = [],
  ) {
    for (const k of [key, ...openOnly]) if (k.length !== 32) throw new Error('SecretBox needs 32-byte keys');
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, aad: string): string {
    let failure: unknown;
    for (const key of [this.key, ...this.openOnly]) {
      try {
        return this.openWith(key, sealed, aad);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  private openWith(key: Buffer, sealed: string, aad: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
