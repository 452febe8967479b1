import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FormEntity, ServiceEntity } from './catalogue.entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Words of a search: letters and digits only, at most 8. */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findByIdOrSlug(idOrSlug: string, manager?: EntityManager): Promise<ServiceEntity | null> {
    const repo = this.m(manager).getRepository(ServiceEntity);
    return UUID.test(idOrSlug)
      ? repo.findOneBy({ id: idOrSlug.toLowerCase() })
      : repo.findOneBy({ slug: idOrSlug });
  }

  findById(id: string, manager?: EntityManager): Promise<ServiceEntity | null> {
    return this.m(manager).getRepository(ServiceEntity).findOneBy({ id });
  }

  slugTaken(slug: string, exceptId: string | null, manager?: EntityManager): Promise<boolean> {
    return this.m(manager)
      .query(`SELECT 1 FROM services WHERE slug = $1 AND id IS DISTINCT FROM $2`, [slug, exceptId])
      .then((rows: unknown[]) => rows.length > 0);
  }

  /**
   * Active services, ranked by relevance when `q` is given: German full-text search with prefixes
   * (so "Perso" finds "Personalausweis"), plus substring matches on names and synonyms for German
   * compounds ("ausweis" finds "Personalausweis"). Pages by offset (the catalogue is small).
   */
  async search(
    q: string | undefined,
    locale: 'de' | 'en',
    offset: number,
    limit: number,
    includeInactive = false,
  ): Promise<ServiceEntity[]> {
    const terms = q ? searchTerms(q) : [];
    const params: unknown[] = [locale, limit, offset];
    const where: string[] = [];
    if (!includeInactive) where.push('s.active');
    let rank: string | null = null;
    if (terms.length > 0) {
      params.push(terms.map((t) => `${t}:*`).join(' & '));
      const tsq = `(to_tsquery('german', $${params.length}) || to_tsquery('simple', $${params.length}))`;
      const substring = terms.map((term) => {
        params.push(`%${likeEscape(term)}%`);
        const p = `$${params.length}`;
        return `(s.name->>'de' ILIKE ${p} OR s.name->>'en' ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(s.synonyms) syn WHERE syn ILIKE ${p}))`;
      });
      params.push(terms.join(' '));
      const whole = `$${params.length}`;
      where.push(`(s.search @@ ${tsq} OR (${substring.join(' AND ')}))`);
      rank = `ts_rank(s.search, ${tsq})
        + CASE WHEN EXISTS (SELECT 1 FROM unnest(s.synonyms) syn WHERE lower(syn) = ${whole}) THEN 2 ELSE 0 END
        + CASE WHEN lower(s.name->>$1) LIKE ${whole} || '%' THEN 1 ELSE 0 END
        + CASE WHEN ${substring.join(' AND ')} THEN 0.5 ELSE 0 END`;
    }
    const rows = await this.dataSource.manager.query<{ id: string }[]>(
      `SELECT s.id FROM services s
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${rank === null ? '' : `${rank} DESC, `}s.name->>$1 ASC, s.id ASC
       LIMIT $2 OFFSET $3`,
      params,
    );
    if (rows.length === 0) return [];
    const entities = await this.dataSource.manager
      .getRepository(ServiceEntity)
      .createQueryBuilder('s')
      .where('s.id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .getMany();
    const byId = new Map(entities.map((e) => [e.id, e]));
    return rows.map((r) => byId.get(r.id)).filter((e): e is ServiceEntity => e !== undefined);
  }

  async insert(manager: EntityManager, service: ServiceEntity): Promise<void> {
    await manager.insert(ServiceEntity, service);
  }

  async save(manager: EntityManager, service: ServiceEntity): Promise<void> {
    await manager.save(ServiceEntity, service);
  }

  latestForm(serviceId: string, manager?: EntityManager): Promise<FormEntity | null> {
    return this.m(manager)
      .getRepository(FormEntity)
      .findOne({ where: { serviceId }, order: { version: 'DESC' } });
  }

  formById(id: string, manager?: EntityManager): Promise<FormEntity | null> {
    return this.m(manager).getRepository(FormEntity).findOneBy({ id });
  }

  /** Next version number of a service's form; the service row is locked so versions never collide. */
  async nextFormVersion(manager: EntityManager, serviceId: string): Promise<number> {
    await manager.query('SELECT 1 FROM services WHERE id = $1 FOR UPDATE', [serviceId]);
    const [row] = await manager.query<{ v: number }[]>(
      'SELECT coalesce(max(version), 0)::int + 1 AS v FROM forms WHERE service_id = $1',
      [serviceId],
    );
    return row?.v ?? 1;
  }

  async insertForm(manager: EntityManager, form: FormEntity): Promise<void> {
    await manager.insert(FormEntity, form as never);
  }

  async hasForm(serviceId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM forms WHERE service_id = $1 LIMIT 1', [
      serviceId,
    ]);
    return rows.length > 0;
  }

  /** The active locations that offer the service (the `location.changed` read model), by name. */
  async locationsOf(serviceId: string): Promise<{ id: string; name: string; address: string }[]> {
    return this.dataSource.query<{ id: string; name: string; address: string }[]>(
      `SELECT location_id AS id, name, address FROM office_locations
       WHERE active AND $1::uuid = ANY (service_ids) ORDER BY name, location_id`,
      [serviceId],
    );
  }
}
