import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defined } from '@buergeramt/testing';
import { defaultPorts, REPO_ROOT, repoPath } from './repo';

/** Static checks of docker/ (no Docker engine here: the image itself is not built by these tests). */

const PORTS = defaultPorts();
const dockerfile = readFileSync(repoPath('docker/Dockerfile'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and their instructions (comments dropped, continuation lines joined). */
function parseDockerfile(text: string): { globalArgs: string[]; stages: Stage[] } {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const globalArgs: string[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`no instruction in "${line}"`);
    const [, keyword = '', args = ''] = match; // both groups take part in every match
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') };
    const current = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args) ?? [];
      stages.push({
        name: name ?? String(stages.length),
        from: defined(from, `an image in "${line}"`),
        instructions: [],
      });
    } else if (!current) {
      if (instruction.keyword === 'ARG') globalArgs.push(instruction.args);
    } else {
      current.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

const { globalArgs, stages } = parseDockerfile(dockerfile);
const stage = (name: string): Stage => {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const runs = (name: string): string =>
  stage(name)
    .instructions.filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join('\n');
const runtime = stages.at(-1);
const runtimeArgs = (keyword: string): string[] =>
  defined(runtime, 'a stage in docker/Dockerfile')
    .instructions.filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);

describe('docker/Dockerfile', () => {
  it('builds on node:24-bookworm-slim (Node 24 LTS, docs/decisions.md)', () => {
    expect(globalArgs).toContain('NODE_IMAGE=node:24-bookworm-slim');
    for (const { from, name } of stages) {
      expect([name, ['${NODE_IMAGE}', 'base', 'deps'].includes(from)]).toEqual([name, true]);
    }
  });

  it('has the deps, build, prod-deps and runtime stages, runtime last', () => {
    expect(stages.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['deps', 'build', 'prod-deps', 'runtime']),
    );
    expect(runtime?.name).toBe('runtime');
  });

  it('installs with the lock file: everything to build, production dependencies to run', () => {
    expect(runs('deps')).toMatch(/\bnpm ci\b(?!.*--omit)/);
    expect(runs('prod-deps')).toMatch(/\bnpm (ci|prune) --omit=dev\b/);
    expect(runs('base')).toMatch(/npm install --global "?npm@\$\{NPM_VERSION\}/);
  });

  it('explains that npm 11 allowScripts in package.json governs install scripts', () => {
    expect(dockerfile).toMatch(/npm 11[^]*allowScripts/);
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { allowScripts?: unknown };
    expect(pkg.allowScripts).toBeDefined();
  });

  it('builds the chosen SERVICE with Nx (and the SPAs for the gateway)', () => {
    expect(stage('build').instructions).toEqual(
      expect.arrayContaining([{ keyword: 'ARG', args: 'SERVICE' }]),
    );
    expect(runs('build')).toContain('docker/build-service.sh "${SERVICE}"');
    const script = readFileSync(repoPath('docker/build-service.sh'), 'utf8');
    expect(script).toContain('npx nx run "$SERVICE:build"');
    expect(script).toMatch(/SERVICE" = gateway[^]*tag:type:frontend/);
  });

  it('runs as a numeric non-root user, in production mode, with a health check and the service as command', () => {
    expect(runtimeArgs('USER')).toEqual(['1000:1000']);
    expect(runtimeArgs('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    expect(runtimeArgs('HEALTHCHECK').join(' ')).toContain('/usr/local/lib/buergeramt/healthcheck.js');
    // --expose-gc: the platform's ChunkReclaimer needs gc() (docs/decisions.md §13)
    const command = runtimeArgs('CMD').join(' ');
    expect(command).toContain('exec node --expose-gc ');
    expect(command).toMatch(/ services\/\$\{SERVICE\}\/dist\/main\.js"\]$/);
    // the secrets docker compose generates (tools/secrets.mjs), read only if present
    expect(command).toContain(' --env-file-if-exists=/var/lib/buergeramt/secrets/${SERVICE}.env ');
    // Only built output and production dependencies reach the runtime image, never the sources.
    const copies = runtimeArgs('COPY');
    expect(copies).toEqual(expect.arrayContaining(['--from=prod-deps /app/ ./', '--from=build /out/ ./']));
    expect(
      copies.filter(
        (copy) =>
          !copy.startsWith('--from=') &&
          !copy.startsWith('docker/healthcheck.js') &&
          copy !== 'tools/secrets.mjs /usr/local/lib/buergeramt/secrets.mjs',
      ),
    ).toEqual([]);
  });
});

describe('docker/healthcheck.js', () => {
  const script = readFileSync(repoPath('docker/healthcheck.js'), 'utf8');

  it('knows the same default ports as libs/contracts', () => {
    const block = /DEFAULT_PORTS\s*=\s*\{([^}]*)\}/.exec(script)?.[1] ?? '';
    const ports = Object.fromEntries(
      [...block.matchAll(/(\w+):\s*(\d+)/g)].map((match) => [match[1], Number(match[2])]),
    );
    expect(ports).toEqual(PORTS);
  });

  it('asks /health/live', () => {
    expect(script).toContain('/health/live');
  });
});

describe('docker/build-service.sh', () => {
  it('accepts exactly the six services', () => {
    const script = readFileSync(repoPath('docker/build-service.sh'), 'utf8');
    const accepted = /^\s*([a-z |]+)\)\s*;;/m
      .exec(script)?.[1]
      ?.split('|')
      .map((name) => name.trim());
    expect(accepted?.sort()).toEqual(Object.keys(PORTS).sort());
  });

  it('refuses a missing or unknown SERVICE before building anything', () => {
    for (const service of ['', 'gatewy']) {
      const result = spawnSync(
        'sh',
        [repoPath('docker/build-service.sh'), service, join(tmpdir(), 'unused')],
        {
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(64);
      expect(result.stderr).toContain('--build-arg SERVICE=');
    }
  });
});

describe('docker/collect-manifests.mjs', () => {
  it('copies package.json, the lock file and every workspace package.json, and nothing else', () => {
    const out = mkdtempSync(join(tmpdir(), 'manifests-'));
    try {
      const result = spawnSync(process.execPath, [repoPath('docker/collect-manifests.mjs'), REPO_ROOT, out], {
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const files = (directory: string): string[] =>
        readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory()
            ? files(join(directory, entry.name))
            : [relative(out, join(directory, entry.name))],
        );
      const expected = ['package.json', 'package-lock.json'];
      if (existsSync(repoPath('.npmrc'))) expected.push('.npmrc');
      const { workspaces = [] } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
        workspaces?: string[];
      };
      for (const pattern of workspaces) {
        const parent = pattern.endsWith('/*') ? pattern.slice(0, -2) : undefined;
        const folders =
          parent === undefined
            ? [pattern]
            : existsSync(repoPath(parent))
              ? readdirSync(repoPath(parent)).map((entry) => `${parent}/${entry}`)
              : [];
        for (const folder of folders) {
          if (existsSync(repoPath(folder, 'package.json'))) expected.push(`${folder}/package.json`);
        }
      }
      expect(files(out).sort()).toEqual(expected.sort());
      expect(expected.filter((file) => file.startsWith('libs/')).length).toBeGreaterThan(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('.dockerignore', () => {
  const patterns = readFileSync(repoPath('.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it.each(['node_modules', 'dist', '.nx', '.data', 'reports', '.git'])(
    'keeps %s out of the build context',
    (name) => {
      expect(patterns.some((pattern) => pattern === name || pattern === `**/${name}`)).toBe(true);
    },
  );

  it('keeps what the build needs in it', () => {
    for (const needed of ['docker', 'package-lock.json', 'package.json', 'libs', 'services', 'nx.json']) {
      expect(
        patterns.some(
          (pattern) => pattern === needed || pattern === `${needed}/` || pattern === `/${needed}`,
        ),
      ).toBe(false);
    }
  });
});
