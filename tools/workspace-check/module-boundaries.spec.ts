import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { readFileSync } from 'node:fs';

const root = path.resolve(__dirname, '../..');
/** The same constraints eslint.config.mjs reads. */
const moduleBoundaries = JSON.parse(
  readFileSync(path.join(root, 'tools/eslint/module-boundaries.json'), 'utf8'),
) as {
  depConstraints: unknown[];
};

/**
 * Lints code as if it were a file of the given project, with the workspace's own module-boundary
 * constraints (the same JSON eslint.config.mjs reads), and returns the boundary rule's messages.
 */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@nx': nx as unknown as ESLint.Plugin },
        rules: {
          '@nx/enforce-module-boundaries': [
            'error',
            { enforceBuildableLibDependency: false, allow: [], ...moduleBoundaries },
          ],
        },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint gave no result for ${file}`);
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries (DESIGN.md import rules)', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; without one it would silently skip, so build it first.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  });

  it('lets a service import libraries', async () => {
    expect(
      await boundaryErrors(
        'services/appointments/src/ok.ts',
        "import { loadConfig } from '@buergeramt/platform';\nexport const x = loadConfig;\n",
      ),
    ).toEqual([]);
  });

  it('fails when a service imports another service, by name or by path', async () => {
    const byName = await boundaryErrors(
      'services/appointments/src/bad.ts',
      "import { AppModule } from '@buergeramt/identity';\nexport const x = AppModule;\n",
    );
    // services are Nx applications: importing one is refused outright
    expect(byName).toContain('Imports of apps are forbidden');
    const byPath = await boundaryErrors(
      'services/appointments/src/bad.ts',
      "import { AppModule } from '../../identity/src/app.module';\nexport const x = AppModule;\n",
    );
    expect(byPath.length).toBeGreaterThan(0);
  });

  it('is what nx lint runs: the project config refuses a cross-service import', () => {
    // no override: the config a project's lint target (`eslint .` in its folder) loads, typed rules and
    // all, in its own Node process (the config is an ES module); the text stands in for an existing file,
    // so nothing is written into the project
    const script = `import { ESLint } from 'eslint';
      const eslint = new ESLint({ cwd: process.argv[1] });
      const code = ["import { AppModule } from '../../identity/src/app.module';", 'export const x = AppModule;', ''];
      const [result] = await eslint.lintText(code.join('\\n'), { filePath: process.argv[2] });
      console.log(JSON.stringify(result.messages.map((m) => ({ rule: m.ruleId, severity: m.severity, message: m.message }))));`;
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script,
        path.join(root, 'services/appointments'),
        path.join(root, 'services/appointments/src/main.ts'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    const messages = JSON.parse(out.trim().split('\n').pop() ?? '[]') as {
      rule: string;
      severity: number;
      message: string;
    }[];
    const boundary = messages.filter((m) => m.rule === '@nx/enforce-module-boundaries');
    expect(boundary.map((m) => m.severity)).toEqual([2]);
    expect(boundary[0]?.message).toMatch(/must begin with a npm scope/);
  }, 60_000);

  it('fails when a library imports a service', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/bad.ts',
      "import { AppModule } from '@buergeramt/gateway';\nexport const x = AppModule;\n",
    );
    expect(errors).toContain('Imports of apps are forbidden');
  });

  it('fails when browser-safe code imports a Node-only library', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/bad.ts',
      "import { loadConfig } from '@buergeramt/platform';\nexport const x = loadConfig;\n",
    );
    // platform itself depends on contracts, so Nx reports the cycle before the tag rule: either way, an error
    expect(errors.join('\n')).toMatch(
      /"platform:universal" can only depend on libs tagged with "platform:universal"|Circular dependency between "contracts" and "platform"/,
    );
  });

  it('fails when shipped shared code imports the test infrastructure', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/bad.ts',
      "import { waitFor } from '@buergeramt/testing';\nexport const x = waitFor;\n",
    );
    expect(errors.join('\n')).toMatch(/"scope:shared" can not depend on libs tagged with "scope:testing"/);
  });
});
