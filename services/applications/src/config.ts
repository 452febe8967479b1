import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig } from '@buergeramt/platform';

/** Environment of the applications service (see the README's table of variables). */
export class ApplicationsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.applications;
}
