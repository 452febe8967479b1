import { loadConfigOrExit } from '@buergeramt/platform';
import { Logger } from 'nestjs-pino';
import { GatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig);
  const app = await createGateway(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  app.get(Logger).log(`Gateway listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
