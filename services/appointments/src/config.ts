import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig } from '@buergeramt/platform';

/** Environment of the appointments service (see the README's table of variables). */
export class AppointmentsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.appointments;
}
