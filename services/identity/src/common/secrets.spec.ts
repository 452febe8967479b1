import { randomBytes } from 'node:crypto';
import { hashToken, randomToken, SecretBox } from './secrets';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a secret bound to its row', () => {
    const sealed = box.seal('private key', 'kid-1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('private key');
    expect(box.open(sealed, 'kid-1')).toBe('private key');
  });

  it('refuses another row, a tampered ciphertext and another key', () => {
    const sealed = box.seal('private key', 'kid-1');
    expect(() => box.open(sealed, 'kid-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered!!!').toString('base64url');
    expect(() => box.open(parts.join('.'), 'kid-1')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'kid-1')).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });

  it('opens with a retired key what it sealed, and seals only with the current one', () => {
    const retired = randomBytes(32);
    const sealedBefore = new SecretBox(retired).seal('totp-secret', 'user-1');
    const box = new SecretBox(randomBytes(32), [retired]);
    expect(box.open(sealedBefore, 'user-1')).toBe('totp-secret');
    const sealedNow = box.seal('totp-secret', 'user-1');
    expect(() => new SecretBox(retired).open(sealedNow, 'user-1')).toThrow();
    expect(() => box.open(sealedBefore, 'user-2')).toThrow();
  });
});

describe('tokens', () => {
  it('are random and stored as a hash that does not contain them', () => {
    const a = randomToken();
    expect(a).not.toBe(randomToken());
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toContain(a);
  });
});
