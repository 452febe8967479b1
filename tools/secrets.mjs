// The secrets of a local installation (`npm start`): generated on its first start, kept in
// .data/secrets.json (git-ignored, readable only by its owner) and reused afterwards, so links mailed
// yesterday still work today. Nothing secret is a constant in the source (docs/decisions.md).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Each secret a local installation needs, and how a fresh one is made. */
export const LOCAL_SECRETS = {
  // appointments: HMAC of guests' manage links (confirm, view, move, cancel)
  MANAGE_TOKEN_SECRET: () => randomBytes(32).toString('base64url'),
  // applications verifies, notifications signs: the feedback links in mails
  FEEDBACK_TOKEN_SECRET: () => randomBytes(32).toString('base64url'),
  // identity: the AES-256-GCM key of the signing keys and TOTP secrets at rest (32 bytes, base64)
  IDENTITY_KEY_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  // documents: the AES-256-GCM key of stored files and the Ed25519 seed issued documents are signed with
  STORAGE_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  SIGNING_KEY: () => randomBytes(32).toString('base64'),
};

/** Fresh secrets that live only as long as one process (tests, benchmarks, the API generator). */
export function ephemeralSecrets() {
  return Object.fromEntries(Object.entries(LOCAL_SECRETS).map(([name, make]) => [name, make()]));
}

/**
 * The secrets for a start: what `env` sets wins; the rest comes from `file`, which is created (0600) or
 * completed on the way. Returns only the names `env` does not set.
 */
export function installationSecrets(file, env = process.env) {
  const missing = Object.keys(LOCAL_SECRETS).filter((name) => !env[name]);
  if (missing.length === 0) return {};
  let stored = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${error.message}); fix or delete it`);
    }
  }
  let changed = false;
  for (const name of missing) {
    if (typeof stored[name] !== 'string' || stored[name].length < 32) {
      stored[name] = LOCAL_SECRETS[name]();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Object.fromEntries(missing.map((name) => [name, stored[name]]));
}

const key32 = () => randomBytes(32).toString('base64');

/**
 * The secrets of a container installation (docker compose), per service. Values shared by two services
 * (FEEDBACK_TOKEN_SECRET) are generated once. Each is the form the service's configuration expects.
 */
export const CONTAINER_SECRETS = {
  identity: { IDENTITY_KEY_ENCRYPTION_KEY: key32 },
  appointments: { MANAGE_TOKEN_SECRET: LOCAL_SECRETS.MANAGE_TOKEN_SECRET },
  applications: { FEEDBACK_TOKEN_SECRET: LOCAL_SECRETS.FEEDBACK_TOKEN_SECRET },
  documents: { STORAGE_ENCRYPTION_KEY: key32, SIGNING_KEY: key32 },
  notifications: { FEEDBACK_TOKEN_SECRET: LOCAL_SECRETS.FEEDBACK_TOKEN_SECRET },
};

/**
 * Writes `<dir>/<service>.env` for each service (KEY=value lines, 0600), from `<dir>/secrets.json`,
 * generating what it does not hold yet: a second run changes nothing, so keys survive restarts. The
 * image's command reads its service's file with `node --env-file-if-exists`, where the container's own
 * environment wins (a real installation sets its secrets there, docs/deployment.md).
 */
export function writeContainerSecrets(dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'secrets.json');
  const stored = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const before = JSON.stringify(stored);
  for (const secrets of Object.values(CONTAINER_SECRETS)) {
    for (const [name, make] of Object.entries(secrets)) {
      if (typeof stored[name] !== 'string' || stored[name] === '') stored[name] = make();
    }
  }
  if (JSON.stringify(stored) !== before) {
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  for (const [service, secrets] of Object.entries(CONTAINER_SECRETS)) {
    const lines = Object.keys(secrets).map((name) => `${name}=${stored[name]}\n`);
    writeFileSync(path.join(dir, `${service}.env`), lines.join(''), { mode: 0o600 });
  }
  return Object.keys(CONTAINER_SECRETS);
}

// `node secrets.mjs <dir>`: the `secrets` step of docker-compose.yml
if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node secrets.mjs <directory>');
    process.exit(2);
  }
  const services = writeContainerSecrets(dir);
  console.log(`secrets ready in ${dir} for ${services.join(', ')}`);
}
