/**
 * Where the tests' Postgres and Redis come from: the environment (`DATABASE_URL`, `REDIS_URL`) when set,
 * else a container started through testcontainers when a Docker engine answers, else a clear error.
 * Tests never skip silently because a backing service is missing.
 */

interface ServiceSpec {
  /** human name, for messages */
  label: string;
  envVar: 'DATABASE_URL' | 'REDIS_URL';
  example: string;
  image: string;
  start: () => Promise<StartedService>;
}

export interface StartedService {
  url: string;
  stop: () => Promise<void>;
}

/** Seams for the unit test of the resolution order; production code uses the defaults. */
export interface ResolveDeps {
  env: NodeJS.ProcessEnv;
  dockerAvailable: () => Promise<boolean>;
}

type TestcontainersModule = typeof import('testcontainers');

/** testcontainers is optional: loaded only when a container is needed. */
async function loadTestcontainers(): Promise<TestcontainersModule | null> {
  try {
    return await import('testcontainers');
  } catch {
    return null;
  }
}

async function dockerEngineAnswers(): Promise<boolean> {
  const tc = await loadTestcontainers();
  if (!tc) return false;
  try {
    await tc.getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

const POSTGRES: ServiceSpec = {
  label: 'Postgres',
  envVar: 'DATABASE_URL',
  example: 'postgres://postgres@127.0.0.1:5432/postgres',
  image: 'postgres:17',
  start: async () => {
    const tc = await requireTestcontainers();
    const container = await new tc.GenericContainer('postgres:17')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres', POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    const url = `postgres://postgres:postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
    return { url, stop: async () => void (await container.stop()) };
  },
};

const REDIS: ServiceSpec = {
  label: 'Redis',
  envVar: 'REDIS_URL',
  example: 'redis://127.0.0.1:6379',
  image: 'redis:7',
  start: async () => {
    const tc = await requireTestcontainers();
    const container = await new tc.GenericContainer('redis:7')
      .withExposedPorts(6379)
      .withWaitStrategy(tc.Wait.forLogMessage(/Ready to accept connections/))
      .start();
    const url = `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
    return { url, stop: async () => void (await container.stop()) };
  },
};

async function requireTestcontainers(): Promise<TestcontainersModule> {
  const tc = await loadTestcontainers();
  if (!tc) throw new Error('testcontainers is not installed');
  return tc;
}

/** One container per service and process, started on first use and reaped when the process ends. */
const started = new Map<string, Promise<StartedService>>();

export function missingServiceError(spec: Pick<ServiceSpec, 'label' | 'envVar' | 'example'>): Error {
  return new Error(
    `Tests need a real ${spec.label}, but none is configured: set ${spec.envVar} ` +
      `(e.g. ${spec.envVar}=${spec.example}) or run a Docker engine so that testcontainers can start one.`,
  );
}

/** The resolution order, exported for its unit test. */
export async function resolveServiceUrl(
  spec: ServiceSpec,
  deps: ResolveDeps = { env: process.env, dockerAvailable: dockerEngineAnswers },
): Promise<string> {
  const fromEnv = deps.env[spec.envVar]?.trim();
  if (fromEnv) return fromEnv;
  let service = started.get(spec.envVar);
  if (!service) {
    if (!(await deps.dockerAvailable())) throw missingServiceError(spec);
    service = spec.start().catch((error: unknown) => {
      started.delete(spec.envVar);
      throw new Error(
        `Could not start a ${spec.image} container for ${spec.label} through testcontainers: ` +
          `${error instanceof Error ? error.message : String(error)}. Set ${spec.envVar} instead ` +
          `(e.g. ${spec.envVar}=${spec.example}).`,
        { cause: error },
      );
    });
    started.set(spec.envVar, service);
  }
  return (await service).url;
}

/** Connection URL of a real Postgres for tests: `DATABASE_URL`, else a postgres:17 container. */
export function testPostgres(): Promise<string> {
  return resolveServiceUrl(POSTGRES);
}

/** Connection URL of a real Redis for tests: `REDIS_URL`, else a redis:7 container. */
export function testRedis(): Promise<string> {
  return resolveServiceUrl(REDIS);
}

/** The specs, for tests of the resolution order. */
export const TEST_SERVICE_SPECS = { postgres: POSTGRES, redis: REDIS } as const;

/**
 * For a Jest `globalSetup`: resolves Postgres and Redis once for the whole run (starting containers if
 * needed) and puts their URLs into `DATABASE_URL`/`REDIS_URL`, which the test workers inherit. Returns
 * the teardown, which stops containers this call started.
 */
export async function startTestServices(): Promise<() => Promise<void>> {
  process.env.DATABASE_URL = await testPostgres();
  process.env.REDIS_URL = await testRedis();
  return async () => {
    const services = await Promise.allSettled([...started.values()]);
    started.clear();
    for (const result of services) {
      if (result.status === 'fulfilled') await result.value.stop();
    }
  };
}
