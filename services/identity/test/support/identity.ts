import type { EventPayloads, EventType } from '@buergeramt/contracts';
import { bootService, freePort, type ServiceUnderTest } from '@buergeramt/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import { AppModule, OPENAPI } from '../../src/app.module';
import { IdentityConfig } from '../../src/config';
import { totpCode } from '../../src/mfa/totp';

export interface OutboxRow<T extends EventType = EventType> {
  id: string;
  type: T;
  subject: string;
  data: EventPayloads[T];
  trace_id: string | null;
}

/** Identity booted like main.ts does, listening on a port, with helpers for the tests. */
export class IdentityHarness {
  private constructor(
    readonly service: ServiceUnderTest<IdentityConfig>,
    readonly baseUrl: string,
  ) {}

  /** Boots identity on a fresh schema and queue prefix; the platform auth verifies tokens against this app's JWKS. */
  static async boot(env: Record<string, string> = {}, port?: number): Promise<IdentityHarness> {
    port ??= await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const service = await bootService(
      'identity',
      IdentityConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      {
        JWKS_URL: `${baseUrl}/auth/jwks`,
        // light argon2 in tests only: production refuses less than OWASP's settings
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
        ...env,
      },
    );
    try {
      await service.app.listen({ port, host: '127.0.0.1' });
    } catch (error) {
      await service.close();
      throw error;
    }
    return new IdentityHarness(service, baseUrl);
  }

  get config(): IdentityConfig {
    return this.service.config;
  }

  get dataSource(): DataSource {
    return this.service.app.get<DataSource>(getDataSourceToken());
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.service.app.get(token);
  }

  /** Schema-qualified table name for raw SQL. */
  table(name: string): string {
    return `"${this.service.schema.schema}"."${name}"`;
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  inject(options: InjectOptions | string): Promise<LightMyRequestResponse> {
    return this.service.inject(options);
  }

  post(
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.inject({ method: 'POST', url, payload: payload as never, headers });
  }

  /** A request with `Authorization: Bearer <token>`. */
  as(
    token: string,
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> {
    return this.inject({
      method,
      url,
      payload: payload as never,
      headers: { authorization: `Bearer ${token}` },
    });
  }

  /** Events of `type` in identity's outbox, oldest first. */
  async events<T extends EventType>(type: T, subject?: string): Promise<OutboxRow<T>[]> {
    const rows = await this.query<OutboxRow<T>>(
      `SELECT id, type, subject, data, trace_id FROM ${this.table('outbox')} WHERE type = $1 ORDER BY created_at, id`,
      [type],
    );
    return subject === undefined ? rows : rows.filter((row) => row.subject === subject);
  }

  async lastEvent<T extends EventType>(type: T, email: string): Promise<OutboxRow<T>> {
    const rows = (await this.events(type)).filter((row) => (row.data as { email?: string }).email === email);
    const last = rows[rows.length - 1];
    if (!last) throw new Error(`no ${type} event for ${email}`);
    return last;
  }

  /** Row counts of the tables a request might change (to prove a refused request changed nothing). */
  async snapshot(): Promise<Record<string, number>> {
    const tables = [
      'users',
      'one_time_tokens',
      'refresh_tokens',
      'api_clients',
      'audit_log',
      'outbox',
      'federated_identities',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await this.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${this.table(table)}`);
      counts[table] = Number(row?.n);
    }
    const [users] = await this.query<{ h: string }>(
      `SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY id), '')) AS h FROM ${this.table('users')} u`,
    );
    counts.usersHash = parseInt((users?.h ?? '0').slice(0, 8), 16);
    return counts;
  }

  /** Registers and verifies a citizen; returns the user id. */
  async citizen(
    email: string,
    password = 'Stadtbücherei-Esslingen-1',
    names = { givenName: 'Erika', familyName: 'Muster' },
  ): Promise<string> {
    const registered = await this.post('/auth/register', { email, password, ...names });
    if (registered.statusCode !== 202)
      throw new Error(`register: ${registered.statusCode} ${registered.body}`);
    const event = await this.lastEvent('identity.email-verification-requested', email.trim().toLowerCase());
    const verified = await this.post('/auth/verify-email', { token: event.data.token });
    if (verified.statusCode !== 204) throw new Error(`verify: ${verified.statusCode} ${verified.body}`);
    return event.data.userId;
  }

  async login(email: string, password: string, totp?: string): Promise<LightMyRequestResponse> {
    return this.post('/auth/login', totp ? { email, password, totp } : { email, password });
  }

  /** Logs in and returns the access token (fails the test otherwise). */
  async accessToken(email: string, password: string, totpSecret?: string): Promise<string> {
    const res = await this.login(email, password, totpSecret ? totpCode(totpSecret) : undefined);
    if (res.statusCode !== 200) throw new Error(`login of ${email}: ${res.statusCode} ${res.body}`);
    return res.json<{ accessToken: string }>().accessToken;
  }

  /** A verified admin straight in the database (MFA off for this harness), logged in. */
  async admin(email = 'admin@test.example'): Promise<{ id: string; token: string }> {
    const id = await this.citizen(email, 'Verwaltung-Rathaus-2026');
    await this.query(`UPDATE ${this.table('users')} SET roles = ARRAY['admin'] WHERE id = $1`, [id]);
    return { id, token: await this.accessToken(email, 'Verwaltung-Rathaus-2026') };
  }

  close(): Promise<void> {
    return this.service.close();
  }
}

/** The refresh cookie's value from a response's Set-Cookie headers, and the whole header for checks. */
export function refreshCookieOf(
  res: LightMyRequestResponse,
  name = 'buergeramt_refresh',
): { value: string; header: string } | null {
  const raw = res.headers['set-cookie'];
  const headers = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const header = headers.find((h) => h.startsWith(`${name}=`));
  if (!header) return null;
  return { value: decodeURIComponent(header.slice(name.length + 1).split(';')[0] ?? ''), header };
}

export { totpCode };
