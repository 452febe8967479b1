import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { GATEWAY_SECURITY_HEADERS, HELMET_OPTIONS } from '../security/security-headers';
import { clientResponseHeaders, isOwnedByGateway, UPSTREAM_OWNED_BY_GATEWAY } from './proxy-headers';

/** The names of the headers helmet puts on an answer with `options` (a bare route's own ones left out). */
async function headersHelmetSets(options: Record<string, unknown>): Promise<string[]> {
  const app = Fastify();
  await app.register(helmet, options);
  app.get('/', () => 'ok');
  const answer = await app.inject('/');
  await app.close();
  const own = new Set(['content-type', 'content-length', 'date', 'connection']);
  return Object.keys(answer.headers).filter((name) => !own.has(name));
}

describe('the headers of a service’s answer that are the gateway’s', () => {
  it('drops every header helmet sets with the gateway’s options, so the gateway’s values win', async () => {
    const set = await headersHelmetSets(HELMET_OPTIONS);
    expect(set).toEqual(
      expect.arrayContaining(['x-frame-options', 'referrer-policy', 'x-content-type-options']),
    );
    for (const name of set) {
      expect(UPSTREAM_OWNED_BY_GATEWAY.has(name)).toBe(true);
      expect(clientResponseHeaders({ [name]: 'from the service' })).toEqual({});
    }
  });

  it('names each helmet option’s header as helmet does, also of the options the gateway switches off', async () => {
    // every option on: helmet then sets the header of each but `xPoweredBy` (which it removes)
    const allOn = Object.fromEntries(Object.keys(HELMET_OPTIONS).map((option) => [option, true]));
    const set = await headersHelmetSets(allOn);
    const derived = [...GATEWAY_SECURITY_HEADERS, 'content-security-policy'].filter(
      (name) => name !== 'permissions-policy' && name !== 'x-powered-by',
    );
    expect([...set].sort()).toEqual([...derived].sort());
  });

  it('keeps a service’s Content-Security-Policy and its other headers, and drops CORS and banners', () => {
    const kept = {
      'content-security-policy': "default-src 'none'; sandbox",
      'content-type': 'application/json',
      etag: '"v1"',
      'cache-control': 'no-store',
    };
    expect(
      clientResponseHeaders({
        ...kept,
        'access-control-allow-origin': '*',
        server: 'upstream',
        'x-powered-by': 'upstream',
        'permissions-policy': 'camera=*',
        'strict-transport-security': 'max-age=1',
        'cross-origin-embedder-policy': 'require-corp',
      }),
    ).toEqual(kept);
    expect(isOwnedByGateway('access-control-expose-headers')).toBe(true);
    expect(isOwnedByGateway('content-security-policy')).toBe(false);
  });
});
