import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role, Scope } from '@buergeramt/contracts';
import jwt from 'jsonwebtoken';

export const TEST_ISSUER = 'http://test.buergeramt.local';
export const TEST_AUDIENCE = 'buergeramt';

/**
 * A real JWKS endpoint and signer standing in for the identity service, so that a service's tests can
 * call it with genuine ES256 access tokens that its own auth strategy verifies over HTTP.
 */
export class TestTokenIssuer {
  readonly kid = 'test-key-1';
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private server?: Server;
  private jwksUrl?: string;

  constructor() {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    }));
  }

  async start(): Promise<this> {
    const jwks = JSON.stringify({
      keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' }],
    });
    this.server = createServer((request, response) => {
      response.statusCode = request.url === '/jwks' ? 200 : 404;
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/jwks' ? jwks : '{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
    return this;
  }

  /** The variables that point a service's auth at this issuer. */
  env(): Record<'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE', string> {
    if (!this.jwksUrl) throw new Error('TestTokenIssuer.start() first');
    return { JWKS_URL: this.jwksUrl, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE };
  }

  /** An access token of a person with the given roles (10 minutes, like identity's). */
  userToken(userId: string, roles: Role[] = ['citizen'], extra: Record<string, unknown> = {}): string {
    return this.sign({ sub: userId, typ: 'user', roles, ...extra });
  }

  /** An access token of a machine client with the given scopes. */
  clientToken(clientId: string, scopes: Scope[]): string {
    return this.sign({ sub: clientId, typ: 'client', scope: scopes.join(' ') });
  }

  sign(claims: Record<string, unknown>, expiresInSeconds = 600): string {
    return jwt.sign(claims, this.privateKey, {
      algorithm: 'ES256',
      keyid: this.kid,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      expiresIn: expiresInSeconds,
    });
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
