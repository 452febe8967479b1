import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BASE_URL } from './support/journey';

/**
 * The typed client the apps are built with (libs/api-client) was generated from the API as it is now:
 * when a service changes its API, this fails until `npm run api:generate` has been run and the apps
 * compile against the new types. So a changed API breaks the build, not a resident's page.
 */
describe('the committed API client', () => {
  it('matches the merged OpenAPI document the running platform serves', async () => {
    const res = await fetch(`${BASE_URL()}/api/docs-json`);
    expect(res.status).toBe(200);
    const { ['x-unavailable-services']: unavailable, ...live } = (await res.json()) as Record<
      string,
      unknown
    >;
    expect(unavailable).toEqual([]);
    const committed = JSON.parse(
      await readFile(path.resolve(__dirname, '../libs/api-client/openapi.json'), 'utf8'),
    ) as Record<string, unknown>;

    // name what differs first, so the failure says where to look
    const differing = (a: Record<string, unknown>, b: Record<string, unknown>): string[] =>
      [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
        (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
      );
    const livePaths = live.paths as Record<string, unknown>;
    const committedPaths = committed.paths as Record<string, unknown>;
    const liveSchemas = (live.components as { schemas: Record<string, unknown> }).schemas;
    const committedSchemas = (committed.components as { schemas: Record<string, unknown> }).schemas;
    expect({
      paths: differing(livePaths, committedPaths),
      schemas: differing(liveSchemas, committedSchemas),
      hint: 'run `npm run api:generate` and commit libs/api-client',
    }).toEqual({ paths: [], schemas: [], hint: 'run `npm run api:generate` and commit libs/api-client' });
    expect(live).toEqual(committed);
  });
});
