import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { IdentityConfig } from '../config';

/**
 * argon2id hashing (@node-rs/argon2: prebuilt, no install script) with the configured cost (OWASP's 19 MiB / 2 passes / 1 lane by default). Verifying
 * against an unknown account runs a verification of a dummy hash of the same cost, so a login for an
 * unknown address takes as long as one for a known address.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  constructor(private readonly config: IdentityConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(24).toString('base64'));
  }

  hash(password: string): Promise<string> {
    return argon2Hash(password.normalize('NFC'), {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.config.ARGON2_MEMORY_KIB,
      timeCost: this.config.ARGON2_ITERATIONS,
      parallelism: this.config.ARGON2_PARALLELISM,
    });
  }

  /** Whether `password` matches `hash`; a null hash (no password set) costs a dummy verification and fails. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      const ok = await argon2Verify(hash ?? this.dummyHash, password.normalize('NFC'));
      return hash !== null && ok;
    } catch {
      return false;
    }
  }
}
