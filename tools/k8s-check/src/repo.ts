import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { DEFAULT_PORTS } from '@buergeramt/contracts';

/** The workspace root (this file is tools/k8s-check/src/repo.ts). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/**
 * The platform's processes (the gateway and the five services) and their ports, from libs/contracts,
 * so that manifests and code cannot drift apart.
 */
export function defaultPorts(): Record<string, number> {
  return { ...DEFAULT_PORTS };
}

/** The absolute path of an executable on PATH, if there is one. */
export function findOnPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `kubectl kustomize` renders offline, but kubectl may still ask the default API server
 * (localhost:8080, where `npm start` runs the gateway) for its version, and some builds wait a minute
 * when something answers there. Pointing it at a port nobody listens on (the discard port) and bounding
 * the call keeps the comparison from waiting on whatever runs on this machine.
 */
export const KUBECTL_OFFLINE: readonly string[] = ['--server=https://127.0.0.1:9', '--request-timeout=5s'];
export const KUBECTL_TIMEOUT_MS = 30_000;
