import * as jwt from 'jsonwebtoken';
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ISSUER = 'https://identity.test';
export const AUDIENCE = 'buergeramt';

/** A real HTTP server publishing a JWKS with one EC key, and tokens signed with it as identity would. */
export class TestIdentity {
  private readonly kid = 'test-key-1';
  private readonly privateKey: KeyObject;
  private readonly jwk: JsonWebKey;
  private readonly server: Server;
  url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' };
    this.server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [this.jwk] }));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/auth/jwks`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** An access token for a person (`roles` default citizen) or, with `typ: 'client'`, a machine client. */
  token(sub: string, options: { roles?: string[]; typ?: 'user' | 'client'; scope?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub,
      typ: options.typ ?? 'user',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now,
      exp: now + 600,
    };
    if ((options.typ ?? 'user') === 'user') claims.roles = options.roles ?? ['citizen'];
    if (options.scope) claims.scope = options.scope;
    return jwt.sign(claims, this.privateKey, { algorithm: 'ES256', keyid: this.kid });
  }
}
