import { quoteIdent } from '@buergeramt/messaging';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The quoted, schema-qualified table of an entity, for raw SQL (upserts with conditions, row locks), so
 * that queries hit this service's tables whatever the connection's search path.
 */
export function tableOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const { schema, tableName } = manager.connection.getMetadata(entity);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(tableName)}` : quoteIdent(tableName);
}
