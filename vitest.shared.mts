// Shared Vitest settings of the browser projects (libs/ui, libs/api-client, frontends/*): jsdom, the
// workspace libraries from their sources, and a JSON report per project that `npm test` counts
// (reports/vitest/<project>.json, the same shape as Jest's).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import type { ViteUserConfig as UserConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export const workspaceAliases = {
  '@buergeramt/contracts': path.join(root, 'libs/contracts/src/index.ts'),
  '@buergeramt/api-client': path.join(root, 'libs/api-client/src/index.ts'),
  '@buergeramt/ui': path.join(root, 'libs/ui/src/index.ts'),
};

export function vitestConfig(project: string, overrides: UserConfig = {}): UserConfig {
  return {
    plugins: [vue()],
    resolve: { alias: workspaceAliases },
    ...overrides,
    test: {
      name: project,
      environment: 'jsdom',
      include: ['src/**/*.spec.ts'],
      reporters: ['default', ['json', { outputFile: path.join(root, 'reports/vitest', `${project}.json`) }]],
      restoreMocks: true,
      ...overrides.test,
      // page-relative requests, as in the browser (vitest.setup.mts), before a project's own setup
      setupFiles: [path.join(root, 'vitest.setup.mts'), ...[overrides.test?.setupFiles ?? []].flat()],
    },
  };
}
