import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DocumentsConfig } from '../config';
import type { EncryptionKey } from './encryption';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519FromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

interface DevKeys {
  storageKey: string;
  signingKey: string;
}

/**
 * The service's keys: the current file encryption key (and older ones for reading), and the Ed25519 key
 * issued documents are signed with. Outside production, missing keys are generated once into
 * `STORAGE_DIR/.dev-keys.json` (with a warning), so that `npm start` works without preparation.
 */
@Injectable()
export class KeyRing {
  readonly current: EncryptionKey;
  readonly all: ReadonlyMap<string, Buffer>;
  readonly signingKeyId: string;
  readonly signingKey: KeyObject;
  readonly verifyKey: KeyObject;

  constructor(config: DocumentsConfig) {
    const logger = new Logger('Keys');
    let dev: DevKeys | null = null;
    const devKeys = (): DevKeys => (dev ??= loadOrCreateDevKeys(config.STORAGE_DIR));
    const keys = new Map<string, Buffer>();
    for (const entry of config.STORAGE_PREVIOUS_KEYS) {
      const [id, key] = entry.split(':') as [string, string];
      keys.set(id, Buffer.from(key, 'base64'));
    }
    if (config.STORAGE_ENCRYPTION_KEY) {
      this.current = {
        id: config.STORAGE_ENCRYPTION_KEY_ID,
        key: Buffer.from(config.STORAGE_ENCRYPTION_KEY, 'base64'),
      };
    } else {
      logger.warn(
        'STORAGE_ENCRYPTION_KEY is not set: files are encrypted with a generated development key ' +
          `in ${join(config.STORAGE_DIR, '.dev-keys.json')}. Never run it like this in production.`,
      );
      this.current = { id: 'dev', key: Buffer.from(devKeys().storageKey, 'base64') };
    }
    keys.set(this.current.id, this.current.key);
    this.all = keys;

    let seed: Buffer;
    if (config.SIGNING_KEY) {
      seed = Buffer.from(config.SIGNING_KEY, 'base64');
      this.signingKeyId = config.SIGNING_KEY_ID;
    } else {
      logger.warn('SIGNING_KEY is not set: issued documents are signed with a generated development key.');
      seed = Buffer.from(devKeys().signingKey, 'base64');
      this.signingKeyId = 'dev';
    }
    const pair = ed25519FromSeed(seed);
    this.signingKey = pair.privateKey;
    this.verifyKey = pair.publicKey;
  }

  /** The public key as raw 32 bytes, base64url (what a verifier needs). */
  publicKeyBase64Url(): string {
    const jwk = this.verifyKey.export({ format: 'jwk' });
    return String(jwk.x);
  }
}

function loadOrCreateDevKeys(directory: string): DevKeys {
  const dir = resolve(directory);
  const file = join(dir, '.dev-keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  } catch {
    mkdirSync(dir, { recursive: true });
    const keys: DevKeys = {
      storageKey: randomBytes(32).toString('base64'),
      signingKey: randomBytes(32).toString('base64'),
    };
    try {
      writeFileSync(file, JSON.stringify(keys), { flag: 'wx', mode: 0o600 });
      return keys;
    } catch {
      // another process created it first
      return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
    }
  }
}
