// Container health check (Dockerfile HEALTHCHECK): GET /health/live on the service's own port.
// The ports mirror DEFAULT_PORTS in libs/contracts/src/services.ts (tools/k8s-check keeps them in step).
const DEFAULT_PORTS = {
  gateway: 8080,
  identity: 3001,
  appointments: 3002,
  applications: 3003,
  documents: 3004,
  notifications: 3005,
};

const port = Number(process.env.PORT) || DEFAULT_PORTS[process.env.SERVICE] || 8080;
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
