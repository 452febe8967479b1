import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { defined } from '@buergeramt/testing';
import { defaultPorts, repoPath } from './repo';
import { readYamlObjects } from './yaml-docs';

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  profiles?: string[];
  volumes?: string[];
  read_only?: boolean;
}
interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const PORTS = defaultPorts();
const PLATFORM = Object.keys(PORTS);
const load = (path: string): ComposeFile =>
  readYamlObjects(repoPath(path), { merge: true })[0] as unknown as ComposeFile;
const compose = load('docker-compose.yml');
const services = compose.services;
/** A service of a compose file, or the test fails naming it. */
const serviceOf = (name: string, of: Record<string, ComposeService> = services): ComposeService =>
  defined(of[name], `service ${name}`);
const env = (name: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[name]?.environment ?? {}).map(([key, value]) => [key, String(value)]),
  );
const testOf = (service: ComposeService | undefined): string => {
  const test = service?.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
};
/** host and port of a URL such as postgres://u:p@postgres:5432/db */
const endpoint = (url: string | undefined): [string, number] => {
  const parsed = new URL(defined(url, 'a URL'));
  return [parsed.hostname, Number(parsed.port)];
};

describe('docker-compose.yml', () => {
  it('parses, merge keys included, and holds the infrastructure and the six services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'mailpit', ...PLATFORM]),
    );
  });

  it('checks the health of Postgres (pg_isready) and Redis (PING)', () => {
    expect(serviceOf('postgres').image).toBe('postgres:17');
    expect(testOf(services.postgres)).toContain('pg_isready');
    expect(serviceOf('redis').image).toMatch(/^redis:7/);
    expect(testOf(services.redis)).toContain('redis-cli ping');
    expect(testOf(services.mailpit)).toContain('readyz');
  });

  it('publishes the gateway on 8080 and Mailpit on 8025, nothing of the platform else', () => {
    expect(serviceOf('gateway').ports).toEqual(['8080:8080']);
    expect(serviceOf('mailpit').image).toMatch(/^axllent\/mailpit/);
    expect(serviceOf('mailpit').ports).toEqual(['8025:8025']);
    for (const name of [...PLATFORM.filter((service) => service !== 'gateway'), 'postgres', 'redis']) {
      expect([name, serviceOf(name).ports]).toEqual([name, undefined]);
    }
  });

  it.each(PLATFORM)('builds %s from docker/Dockerfile with its SERVICE and wires its environment', (name) => {
    const service = serviceOf(name);
    expect(service.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile', args: { SERVICE: name } });
    expect(service.read_only).toBe(true);
    const environment = env(name);
    expect(environment).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(PORTS[name]),
      JWKS_URL: `http://identity:${PORTS.identity}/auth/jwks`,
    });
    for (const key of ['LOG_LEVEL', 'QUEUE_PREFIX', 'PUBLIC_BASE_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) {
      expect(environment[key]).toBeTruthy();
    }
    expect(endpoint(environment.REDIS_URL)).toEqual(['redis', 6379]);
    expect(service.depends_on?.redis).toEqual({ condition: 'service_healthy' });
    if (name === 'gateway') {
      // no domain data: no database settings, no wait for Postgres
      expect([environment.DATABASE_URL, environment.DATABASE_SCHEMA, service.depends_on?.postgres]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    } else {
      expect(environment.DATABASE_SCHEMA).toBe(name);
      expect(endpoint(environment.DATABASE_URL)).toEqual(['postgres', 5432]);
      expect(service.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    }
  });

  it('gives each service with data its own database schema', () => {
    const schemas = PLATFORM.filter((name) => name !== 'gateway').map((name) => env(name).DATABASE_SCHEMA);
    expect(new Set(schemas).size).toBe(PLATFORM.length - 1);
  });

  it('points the gateway at each service on the port that service listens on', () => {
    const gateway = env('gateway');
    for (const name of PLATFORM.filter((service) => service !== 'gateway')) {
      const url = gateway[`${name.toUpperCase()}_URL`];
      expect([name, url && endpoint(url)]).toEqual([name, [name, PORTS[name]]]);
    }
  });

  it('sends mail to Mailpit and waits for it', () => {
    expect(endpoint(env('notifications').SMTP_URL)).toEqual(['mailpit', 1025]);
    expect(env('notifications').MAIL_FROM).toBeTruthy();
    expect(serviceOf('notifications').depends_on?.mailpit).toEqual({ condition: 'service_healthy' });
  });

  it('keeps the documents on a named volume by default', () => {
    expect(env('documents')).toMatchObject({
      STORAGE_DRIVER: 'fs',
      STORAGE_DIR: '/var/lib/buergeramt/documents',
    });
    expect(serviceOf('documents').volumes).toContain('documents-data:/var/lib/buergeramt/documents');
  });

  it('puts MinIO (with its bucket init) in profile s3 and ClamAV in profile clamav', () => {
    expect(serviceOf('minio').profiles).toEqual(['s3']);
    expect(serviceOf('minio-init').profiles).toEqual(['s3']);
    expect(serviceOf('minio')['healthcheck']).toBeDefined();
    expect(serviceOf('minio-init').depends_on?.minio).toEqual({ condition: 'service_healthy' });
    expect(serviceOf('clamav').profiles).toEqual(['clamav']);
    expect(serviceOf('clamav').image).toMatch(/^clamav\/clamav:/);
    expect(testOf(services.clamav)).toBeTruthy();
  });

  it('lets `docker compose up` without profiles start: services without a profile depend only on such services', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect([name, dependency, dependency in services]).toEqual([name, dependency, true]);
        if (!service.profiles)
          expect([name, dependency, serviceOf(dependency).profiles]).toEqual([name, dependency, undefined]);
      }
    }
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source = ''] = volume.split(':');
        if (!source.startsWith('.') && !source.startsWith('/')) expect(declared).toContain(source);
      }
    }
  });

  it('marks the demo settings as demo', () => {
    const lines = readFileSync(repoPath('docker-compose.yml'), 'utf8').split('\n');
    for (const key of ['MFA_REQUIRED', 'BOOTSTRAP_ADMIN_PASSWORD', 'POSTGRES_PASSWORD']) {
      const line = lines.find((candidate) => candidate.trimStart().startsWith(`${key}:`));
      expect([key, line]).toEqual([key, expect.stringContaining('DEMO')]);
    }
    expect(env('identity').MFA_REQUIRED).toBe('false');
  });
});

describe('the secrets of a compose installation', () => {
  const SECRET_KEYS = /(_SECRET|_KEY|SIGNING_KEY)$/;
  const generated: Record<string, string[]> = {
    identity: ['IDENTITY_KEY_ENCRYPTION_KEY'],
    appointments: ['MANAGE_TOKEN_SECRET'],
    applications: ['FEEDBACK_TOKEN_SECRET'],
    documents: ['SIGNING_KEY', 'STORAGE_ENCRYPTION_KEY'],
    notifications: ['FEEDBACK_TOKEN_SECRET'],
  };

  it('writes no key or token secret into the file: they are generated per installation', () => {
    for (const [name, service] of Object.entries(services)) {
      const keys = Object.keys(service.environment ?? {}).filter((key) => SECRET_KEYS.test(key));
      expect([name, keys]).toEqual([name, []]);
    }
  });

  it('generates them once into the secrets volume before any service with data starts', () => {
    const step = serviceOf('secrets');
    expect(step.command).toEqual([
      'node',
      '/usr/local/lib/buergeramt/secrets.mjs',
      '/var/lib/buergeramt/secrets',
    ]);
    expect(step.volumes).toEqual(['secrets:/var/lib/buergeramt/secrets']);
    expect(step.read_only).toBe(true);
    for (const name of Object.keys(generated)) {
      expect([name, serviceOf(name).depends_on?.secrets]).toEqual([
        name,
        { condition: 'service_completed_successfully' },
      ]);
      expect([name, serviceOf(name).volumes]).toEqual([
        name,
        expect.arrayContaining(['secrets:/var/lib/buergeramt/secrets:ro']),
      ]);
    }
    expect(serviceOf('gateway').volumes ?? []).not.toContain('secrets:/var/lib/buergeramt/secrets:ro');
  });

  it('generates exactly what each service needs, once, in the form node --env-file reads', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-secrets-'));
    try {
      const script = repoPath('tools/secrets.mjs');
      execFileSync(process.execPath, [script, dir]);
      const read = (): Record<string, Record<string, string>> =>
        Object.fromEntries(
          Object.keys(generated).map((name) => [
            name,
            parseEnv(readFileSync(path.join(dir, `${name}.env`), 'utf8')) as Record<string, string>,
          ]),
        );
      const first = read();
      expect(Object.fromEntries(Object.entries(first).map(([k, v]) => [k, Object.keys(v).sort()]))).toEqual(
        generated,
      );
      expect(defined(first.applications, 'applications.env').FEEDBACK_TOKEN_SECRET).toBe(
        defined(first.notifications, 'notifications.env').FEEDBACK_TOKEN_SECRET,
      );
      for (const key of ['IDENTITY_KEY_ENCRYPTION_KEY', 'STORAGE_ENCRYPTION_KEY', 'SIGNING_KEY']) {
        const service = defined(
          key === 'IDENTITY_KEY_ENCRYPTION_KEY' ? first.identity : first.documents,
          `${key}'s file`,
        );
        expect([key, Buffer.from(defined(service[key], key), 'base64').length]).toEqual([key, 32]);
      }
      expect(statSync(path.join(dir, 'documents.env')).mode & 0o777).toBe(0o600);
      // a second start (every `up`) keeps the keys: files encrypted yesterday still open
      execFileSync(process.execPath, [script, dir]);
      expect(read()).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const dockerfile = readFileSync(repoPath('docker/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('--env-file-if-exists=/var/lib/buergeramt/secrets/${SERVICE}.env');
    expect(dockerfile).toContain('COPY tools/secrets.mjs /usr/local/lib/buergeramt/secrets.mjs');
  });
});

describe('docker/compose.s3.yml', () => {
  const override = load('docker/compose.s3.yml').services;

  it('switches documents to S3 on the MinIO of profile s3, with its credentials and bucket', () => {
    const environment = serviceOf('documents', override).environment ?? {};
    expect(environment.STORAGE_DRIVER).toBe('s3');
    expect(endpoint(String(environment.S3_ENDPOINT))).toEqual(['minio', 9000]);
    const minio = serviceOf('minio').environment ?? {};
    expect(environment.S3_ACCESS_KEY_ID).toBe(minio.MINIO_ROOT_USER);
    expect(environment.S3_SECRET_ACCESS_KEY).toBe(minio.MINIO_ROOT_PASSWORD);
    const init = JSON.stringify(serviceOf('minio-init').command);
    expect(init).toContain(`mb --ignore-existing local/${String(environment.S3_BUCKET)}`);
    expect(serviceOf('documents', override).depends_on).toEqual({
      'minio-init': { condition: 'service_completed_successfully' },
    });
  });
});

describe('docker/compose.clamav.yml', () => {
  const override = load('docker/compose.clamav.yml').services;

  it('makes documents scan with the ClamAV of profile clamav once it is healthy', () => {
    expect(serviceOf('documents', override).environment?.CLAMAV_URL).toBe('tcp://clamav:3310');
    expect(serviceOf('documents', override).depends_on).toEqual({ clamav: { condition: 'service_healthy' } });
  });
});
