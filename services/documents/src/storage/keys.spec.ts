import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@buergeramt/platform';
import { DocumentsConfig } from '../config';
import { KeyRing } from './keys';

const BASE = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
};

describe('KeyRing: documents keys follow the platform rule (no generated development keys)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('outside tests, the service does not start without its keys', () => {
    expect(() => loadConfig(DocumentsConfig, { ...BASE, NODE_ENV: 'development', STORAGE_DIR: dir })).toThrow(
      /STORAGE_ENCRYPTION_KEY must be 32 random bytes[\s\S]*SIGNING_KEY must be 32 random bytes|SIGNING_KEY[\s\S]*STORAGE_ENCRYPTION_KEY/,
    );
  });

  it('uses the configured keys, and reads files of an earlier development key without encrypting with it', () => {
    const earlier = {
      storageKey: randomBytes(32).toString('base64'),
      signingKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(path.join(dir, '.dev-keys.json'), JSON.stringify(earlier));
    const storageKey = randomBytes(32).toString('base64');
    const config = loadConfig(DocumentsConfig, {
      ...BASE,
      NODE_ENV: 'development',
      STORAGE_DIR: dir,
      STORAGE_ENCRYPTION_KEY: storageKey,
      SIGNING_KEY: randomBytes(32).toString('base64'),
    });
    const keys = new KeyRing(config);
    expect(keys.current).toEqual({ id: 'k1', key: Buffer.from(storageKey, 'base64') });
    expect(keys.all.get('dev')).toEqual(Buffer.from(earlier.storageKey, 'base64'));
    expect(keys.signingKeyId).toBe('s1');
    // production never reads the development file
    const production = new KeyRing({ ...config, NODE_ENV: 'production' } as DocumentsConfig);
    expect(production.all.has('dev')).toBe(false);
  });

  it('a test process without keys gets random ones, the same for every app it starts, and writes no file', () => {
    const config = loadConfig(DocumentsConfig, { ...BASE, NODE_ENV: 'test', STORAGE_DIR: dir });
    const first = new KeyRing(config);
    const second = new KeyRing(config);
    expect(first.current.id).toBe('test');
    expect(second.current.key.equals(first.current.key)).toBe(true);
    expect(second.publicKeyBase64Url()).toBe(first.publicKeyBase64Url());
    expect(readdirSync(dir)).toEqual([]);
  });
});
