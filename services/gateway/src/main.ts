import { loadConfigOrExit } from '@buergeramt/platform';
import { Logger } from 'nestjs-pino';
import { loadCityConfigOrExit } from './city/city-config';
import { GatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig);
  const city = loadCityConfigOrExit(config.CITY_CONFIG_DIR);
  const app = await createGateway(config, city);
  await app.listen({ port: config.PORT, host: config.HOST });
  const logger = app.get(Logger);
  logger.log(
    `City configuration "${city.city.shortName}" (${city.pages.length} pages) from ${city.dir}; ` +
      'a restart applies changes to it',
    'Bootstrap',
  );
  logger.log(`Gateway listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
