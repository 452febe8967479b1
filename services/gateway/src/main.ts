import { listen, loadConfigOrExit } from '@buergeramt/platform';
import { Logger } from 'nestjs-pino';
import { loadCityConfigOrExit } from './city/city-config';
import { GatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig);
  const city = loadCityConfigOrExit(config.CITY_CONFIG_DIR);
  const app = await createGateway(config, city);
  app
    .get(Logger)
    .log(
      `City configuration "${city.city.shortName}" (${city.pages.length} pages) from ${city.dir}; ` +
        'a restart applies changes to it',
      'Bootstrap',
    );
  // HOST:PORT, and the metrics on HOST:METRICS_PORT (never on the public port)
  await listen(app, config, 'Gateway');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
