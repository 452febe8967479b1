import { describe, expect, it } from 'vitest';
import { canHashFiles, checkFile, sameSha256, sha256Hex } from './hash';

// SHA-256 test vectors (FIPS 180-2)
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('the file check', () => {
  it('computes the SHA-256 of a file in the browser', async () => {
    expect(canHashFiles()).toBe(true);
    expect(await sha256Hex(new Blob(['abc']))).toBe(ABC);
    expect(await sha256Hex(new Blob([]))).toBe(EMPTY);
  });

  it('compares fingerprints regardless of case and surrounding space, and only real ones', () => {
    expect(sameSha256(ABC, ABC.toUpperCase())).toBe(true);
    expect(sameSha256(` ${ABC}\n`, ABC)).toBe(true);
    expect(sameSha256(ABC, EMPTY)).toBe(false);
    expect(sameSha256('', '')).toBe(false);
    expect(sameSha256('abc', 'abc')).toBe(false);
  });

  it('says a file is genuine when it is byte for byte the issued one, and not when one byte differs', async () => {
    const original = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55, 10, 1, 2, 3]);
    const expected = await sha256Hex(new Blob([original]));
    expect(await checkFile(new File([original], 'Bescheid.pdf'), expected)).toEqual({
      genuine: true,
      sha256: expected,
    });
    const changed = original.slice();
    changed[changed.length - 1] = 4;
    const result = await checkFile(new File([changed], 'Bescheid.pdf'), expected);
    expect(result.genuine).toBe(false);
    expect(result.sha256).not.toBe(expected);
  });
});
