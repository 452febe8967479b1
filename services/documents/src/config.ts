import { DEFAULT_PORTS } from '@buergeramt/contracts';
import { DatabaseServiceConfig } from '@buergeramt/platform';

/** Environment of the documents service (see the README's table of variables). */
export class DocumentsConfig extends DatabaseServiceConfig {
  override PORT = DEFAULT_PORTS.documents;
}
