import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, type JWK, SignJWT } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretBox } from '../common/secrets';
import { IdentityConfig } from '../config';
import type { SigningKeyEntity } from './signing-key.entity';
import { SigningKeysRepository } from './signing-keys.repository';
import { Clock } from '@buergeramt/platform';

export const SIGNING_ALG = 'ES256';
/** How long a replica keeps using the active key it read before looking again. */
export const ACTIVE_KEY_CACHE_MS = 60_000;
/** Clock skew verifiers tolerate, plus a margin. */
const VERIFIER_MARGIN_SECONDS = 300;

export interface PublicJwks {
  keys: JWK[];
}

interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
  loadedAt: number;
}

/**
 * The ES256 keys access tokens are signed with, kept in identity's own table with the private key sealed
 * (AES-256-GCM). One key is active; rotation retires it and creates the next under a Postgres advisory
 * lock (so two replicas never both create one). A retired key stays in the JWKS until every token it can
 * have signed has expired.
 */
@Injectable()
export class KeysService implements OnModuleInit {
  private readonly logger = new Logger('Keys');
  private active: ActiveKey | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signingKeys: SigningKeysRepository,
    private readonly config: IdentityConfig,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rotateIfDue();
  }

  /** Seconds a retired key stays published: a token signed just before retirement must still verify. */
  get retentionSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS + ACTIVE_KEY_CACHE_MS / 1000 + VERIFIER_MARGIN_SECONDS;
  }

  /** Creates the first key, or the next one when the active key is older than JWT_KEY_ROTATION_DAYS. */
  rotateIfDue(): Promise<string | null> {
    return this.underLock(async (manager) => {
      const current = await this.signingKeys.findActive(manager);
      const maxAgeMs = this.config.JWT_KEY_ROTATION_DAYS * 24 * 3600 * 1000;
      if (current && this.clock.now().getTime() - current.createdAt.getTime() < maxAgeMs) return null;
      return this.replace(manager, current);
    });
  }

  /** Retires the active key now and creates the next one (admin tooling, tests). Returns the new kid. */
  rotate(): Promise<string> {
    return this.underLock(async (manager) =>
      this.replace(manager, await this.signingKeys.findActive(manager)),
    );
  }

  /** Signs `claims` with the active key (kid in the header). */
  async sign(claims: Record<string, unknown>): Promise<string> {
    const key = await this.activeKey();
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** The public keys: the active one and retired ones whose tokens may still be valid. */
  async jwks(): Promise<PublicJwks> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionSeconds * 1000);
    const rows = await this.signingKeys.publishedSince(cutoff);
    return { keys: rows.map((row) => row.publicJwk as unknown as JWK) };
  }

  /** Deletes retired keys that are no longer published. */
  async deleteExpiredKeys(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionSeconds * 1000);
    return this.signingKeys.deleteRetiredUntil(cutoff);
  }

  private async activeKey(): Promise<ActiveKey> {
    if (this.active && Date.now() - this.active.loadedAt < ACTIVE_KEY_CACHE_MS) return this.active;
    let row = await this.signingKeys.findActive();
    if (!row) {
      await this.rotateIfDue();
      row = await this.signingKeys.findActive();
      if (!row) throw new Error('no active signing key');
    }
    const pem = this.box.open(row.privateKey, row.kid);
    this.active = { kid: row.kid, privateKey: createPrivateKey(pem), loadedAt: Date.now() };
    return this.active;
  }

  private async replace(manager: EntityManager, current: SigningKeyEntity | null): Promise<string> {
    const now = this.clock.now();
    if (current) await this.signingKeys.retire(manager, current.kid, now);
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await this.signingKeys.insert(manager, {
      kid,
      alg: SIGNING_ALG,
      publicJwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' },
      privateKey: this.box.seal(await exportPKCS8(privateKey), kid),
      createdAt: now,
      retiredAt: null,
    });
    this.active = null;
    this.logger.log(current ? `rotated signing key ${current.kid} → ${kid}` : `created signing key ${kid}`);
    return kid;
  }

  /** Runs `fn` in a transaction holding this schema's signing-key advisory lock. */
  private underLock<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await this.signingKeys.lockRotation(manager);
      return fn(manager);
    });
  }
}
