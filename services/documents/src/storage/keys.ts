import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
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

/** What earlier versions generated into `STORAGE_DIR/.dev-keys.json` when no keys were set. */
interface DevKeys {
  storageKey: string;
  signingKey: string;
}

/** Keys of a test process without configured ones: random, the same for every app the process starts. */
let testKeys: { storage: Buffer; signing: Buffer } | undefined;

/**
 * The service's keys: the current file encryption key (and older ones for reading), and the Ed25519 key
 * issued documents are signed with. Both are configured (the platform's `SecretKey32` rule: required
 * except in tests, where a process without them gets random ones). A development installation of an
 * earlier version kept generated keys in `STORAGE_DIR/.dev-keys.json`; outside production its file key is
 * still used to read the files it encrypted (id `dev`), never to encrypt.
 */
@Injectable()
export class KeyRing {
  readonly current: EncryptionKey;
  readonly all: ReadonlyMap<string, Buffer>;
  readonly signingKeyId: string;
  readonly signingKey: KeyObject;
  readonly verifyKey: KeyObject;

  constructor(config: DocumentsConfig) {
    const keys = new Map<string, Buffer>();
    const earlier = config.NODE_ENV === 'production' ? null : readDevKeys(config.STORAGE_DIR);
    if (earlier) keys.set('dev', Buffer.from(earlier.storageKey, 'base64'));
    for (const entry of config.STORAGE_PREVIOUS_KEYS) {
      const [id, key] = entry.split(':') as [string, string];
      keys.set(id, Buffer.from(key, 'base64'));
    }
    const fallback = (): { storage: Buffer; signing: Buffer } => {
      if (config.NODE_ENV !== 'test') throw new Error('STORAGE_ENCRYPTION_KEY and SIGNING_KEY are required');
      return (testKeys ??= { storage: randomBytes(32), signing: randomBytes(32) });
    };
    this.current = config.STORAGE_ENCRYPTION_KEY
      ? { id: config.STORAGE_ENCRYPTION_KEY_ID, key: Buffer.from(config.STORAGE_ENCRYPTION_KEY, 'base64') }
      : { id: 'test', key: fallback().storage };
    keys.set(this.current.id, this.current.key);
    this.all = keys;

    const seed = config.SIGNING_KEY ? Buffer.from(config.SIGNING_KEY, 'base64') : fallback().signing;
    this.signingKeyId = config.SIGNING_KEY ? config.SIGNING_KEY_ID : 'test';
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

/** The keys an earlier version generated for a development installation, if it did. */
function readDevKeys(directory: string): DevKeys | null {
  try {
    return JSON.parse(readFileSync(join(resolve(directory), '.dev-keys.json'), 'utf8')) as DevKeys;
  } catch {
    return null;
  }
}
