import { resolveServiceUrl, TEST_SERVICE_SPECS } from './services';

describe('test service resolution', () => {
  const spec = { ...TEST_SERVICE_SPECS.postgres, start: jest.fn() };

  beforeEach(() => spec.start.mockReset());

  it('takes the URL from the environment first, without asking Docker', async () => {
    const dockerAvailable = jest.fn(() => Promise.resolve(true));
    await expect(
      resolveServiceUrl(spec, { env: { DATABASE_URL: 'postgres://db/x' }, dockerAvailable }),
    ).resolves.toBe('postgres://db/x');
    expect(dockerAvailable).not.toHaveBeenCalled();
    expect(spec.start).not.toHaveBeenCalled();
  });

  it('starts a container when no URL is set and a Docker engine answers, once per process', async () => {
    spec.start.mockResolvedValue({ url: 'postgres://container/x', stop: () => Promise.resolve() });
    const deps = { env: {}, dockerAvailable: () => Promise.resolve(true) };
    await expect(resolveServiceUrl(spec, deps)).resolves.toBe('postgres://container/x');
    await expect(resolveServiceUrl(spec, deps)).resolves.toBe('postgres://container/x');
    expect(spec.start).toHaveBeenCalledTimes(1);
  });

  it('fails with instructions when neither a URL nor Docker is there', async () => {
    const redisSpec = { ...TEST_SERVICE_SPECS.redis, start: jest.fn() };
    await expect(
      resolveServiceUrl(redisSpec, {
        env: { REDIS_URL: '  ' },
        dockerAvailable: () => Promise.resolve(false),
      }),
    ).rejects.toThrow(
      'Tests need a real Redis, but none is configured: set REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379) ' +
        'or run a Docker engine so that testcontainers can start one.',
    );
    expect(redisSpec.start).not.toHaveBeenCalled();
  });
});
