import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, startMetricsListener } from '@buergeramt/platform';
import { cleanupQueuePrefix, freePort, uniqueQueuePrefix } from '@buergeramt/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayConfig } from '../src/config/gateway.config';
import { createGateway } from '../src/create-gateway';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RunningGateway {
  app: NestFastifyApplication;
  config: GatewayConfig;
  url: string;
  /** the internal metrics listener (METRICS_PORT): `${metricsUrl}/metrics` */
  metricsUrl: string;
  close(): Promise<void>;
}

/** Boots the real gateway (exactly as main.ts does) on a free port, its metrics on another. */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const metricsPort = env.METRICS_PORT ?? String(await freePort());
  const config = loadConfig(GatewayConfig, {
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...env,
    METRICS_PORT: metricsPort,
  });
  const app = await createGateway(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  await startMetricsListener(app, config);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    close: () => app.close(),
  };
}

/** A Redis key prefix of its own for this run (`RATE_LIMIT_PREFIX`), and a way to delete its keys. */
export function redisPrefix(): { prefix: string; cleanUp(): Promise<void> } {
  const base = uniqueQueuePrefix('gateway');
  return {
    prefix: `${base}:`,
    cleanUp: async () => void (await cleanupQueuePrefix(REDIS_URL, base)),
  };
}

/** A built citizen app in a temporary folder (index.html and a hashed asset), next to a secret file. */
export async function fakeDist(): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'gateway-spa-'));
  await writeFile(join(root, 'secret.txt'), 'top secret');
  const dir = join(root, 'dist');
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Bürgeramt</title><div id="app"></div>');
  await writeFile(join(dir, 'assets', 'index-Bq3x9ZkT.js'), 'console.log("app");');
  // the build's precompressed variants (vite.shared.mts writes them beside every larger file)
  await writeFile(join(dir, 'assets', 'index-Bq3x9ZkT.js.br'), brotliCompressSync('console.log("app");'));
  await writeFile(join(dir, 'assets', 'index-Bq3x9ZkT.js.gz'), gzipSync('console.log("app");'));
  await writeFile(join(dir, 'robots.txt'), 'User-agent: *');
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}
