// A stand-in for identity in the benchmarks: an ES256 key pair, a JWKS endpoint on a free local port, and
// genuine access tokens signed with it, so that a benchmarked service verifies tokens as in production.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';

export const BENCH_ISSUER = 'http://bench.buergeramt.local';

/** Starts the JWKS endpoint; resolves with `{ jwksUrl, issuer, token(sub, roles), close() }`. */
export async function startTokenIssuer() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256', use: 'sig' }],
  });
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${server.address().port}/jwks`,
    issuer: BENCH_ISSUER,
    token: (sub, roles) =>
      jwt.sign({ sub, typ: 'user', roles }, privateKey, {
        algorithm: 'ES256',
        keyid: 'bench',
        issuer: BENCH_ISSUER,
        audience: 'buergeramt',
        expiresIn: 3600,
      }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
