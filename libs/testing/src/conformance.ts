import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditEntryEntity, type DatabaseServiceConfig } from '@buergeramt/platform';
import type { ServiceUnderTest } from './service-app';

/**
 * What every domain service must do whatever its features: migrate its own schema at start (with the
 * messaging tables), report liveness and readiness, publish its OpenAPI document and metrics, and answer
 * unknown paths with problem+json. Call it inside the service's own `describe`.
 */
export function itBehavesLikeAPlatformService<C extends DatabaseServiceConfig>(
  current: () => ServiceUnderTest<C>,
  expectedTitle: string,
  options: { auditLog?: boolean } = { auditLog: true },
): void {
  if (options.auditLog) {
    it('keeps its audit log in the platform’s one table shape, append-only', async () => {
      const service = current();
      const db = service.app.get<DataSource>(getDataSourceToken());
      const rows: { column_name: string }[] = await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'audit_log'`,
        [service.schema.schema],
      );
      const expected = db.getMetadata(AuditEntryEntity).columns.map((c) => c.databaseName);
      expect(rows.map((r) => r.column_name).sort()).toEqual([...expected].sort());
      await expect(db.query(`TRUNCATE "${service.schema.schema}".audit_log`)).rejects.toThrow(/append-only/);
    });
  }

  it('ran its migrations in its own schema, messaging tables included', async () => {
    const service = current();
    const rows: { table_name: string }[] = await service.app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
        service.schema.schema,
      ]);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['migrations', 'outbox', 'inbox']));
  });

  it('is live and ready, with the database and Redis checked', async () => {
    const service = current();
    expect((await service.inject('/health/live')).statusCode).toBe(200);
    const ready = await service.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ok',
      checks: expect.objectContaining({ database: 'up', redis: 'up' }) as unknown,
    });
  });

  it('serves its OpenAPI document and Prometheus metrics', async () => {
    const service = current();
    const doc = await service.inject('/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json<{ info: { title: string } }>().info.title).toBe(expectedTitle);
    expect((await service.inject('/metrics')).body).toContain('process_resident_memory_bytes');
  });

  it('answers unknown paths with 404 problem+json', async () => {
    const res = await current().inject('/no/such/path');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'not-found', status: 404 });
  });
}
