import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FormEntity, ServiceEntity } from './catalogue.entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * How close (pg_trgm `similarity`, 0–1) a term must be to count in the typo-tolerant fallback:
 * "Persoausweis"/"Personalausweis" 0.61, "Personalauswies" 0.60, "ummelden"/"Ummeldung" 0.46, while
 * unrelated words sharing an ending stay below ("Führerschein"/"Fischereischein" 0.30). Above pg_trgm's
 * default `similarity_threshold` (0.3) that the indexable `%` operator applies first.
 */
export const CLOSE_MATCH_MIN_SIMILARITY = 0.4;

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
    return this.load(rows.map((r) => r.id));
  }

  /**
   * Typo-tolerant search, for when `search` finds nothing: trigram similarity (pg_trgm) of the query, and
   * of each of its words, to the terms of active services (`service_terms`: names in both languages,
   * synonyms, and the words of each, folded: lower case, ä→ae, ö→oe, ü→ue, ß→ss). A term counts from
   * `CLOSE_MATCH_MIN_SIMILARITY` on; a service ranks by the sum, over the query and its words, of its
   * closest term. `didYouMean` is the closest term of the best service (to the whole query if any is close
   * to it, else to one of its words): as written when it is a synonym or (a word of) its name in
   * `locale`, else (a name in the other language) its name in `locale`.
   */
  async searchClose(
    q: string,
    locale: 'de' | 'en',
    offset: number,
    limit: number,
  ): Promise<{ services: ServiceEntity[]; didYouMean: string | null }> {
    const terms = searchTerms(q);
    if (terms.length === 0) return { services: [], didYouMean: null };
    const probes = terms.length > 1 ? [terms.join(' '), ...terms] : terms;
    const rows = await this.dataSource.manager.query<{ id: string; suggestion: string | null }[]>(
      `WITH probes AS (
         SELECT DISTINCT search_fold(p) AS probe FROM unnest($1::text[]) p
       ), matches AS (
         SELECT t.service_id, t.term, t.locale, p.probe, similarity(t.folded, p.probe) AS score,
                p.probe = search_fold(($1::text[])[1]) AS whole
         FROM probes p
         JOIN service_terms t ON t.folded % p.probe
         JOIN services s ON s.id = t.service_id AND s.active
         WHERE similarity(t.folded, p.probe) >= $2
       ), per_probe AS (
         SELECT service_id, probe, max(score) AS score FROM matches GROUP BY service_id, probe
       ), ranked AS (
         SELECT pp.service_id, sum(pp.score) AS score,
                row_number() OVER (ORDER BY sum(pp.score) DESC, min(s.name->>$3), pp.service_id) AS n
         FROM per_probe pp JOIN services s ON s.id = pp.service_id
         GROUP BY pp.service_id
       )
       SELECT r.service_id AS id,
              (SELECT CASE WHEN m.locale IS NULL OR m.locale = $3 THEN m.term ELSE s.name->>$3 END
                 FROM matches m JOIN services s ON s.id = m.service_id
                WHERE m.service_id = b.service_id
                ORDER BY m.whole DESC, m.score DESC,
                         CASE WHEN m.locale = $3 THEN 0 WHEN m.locale IS NULL THEN 1 ELSE 2 END,
                         length(m.term) DESC, m.term
                LIMIT 1) AS suggestion
       FROM ranked r
       CROSS JOIN (SELECT service_id FROM ranked WHERE n = 1) b
       ORDER BY r.n
       LIMIT $4 OFFSET $5`,
      [probes, CLOSE_MATCH_MIN_SIMILARITY, locale, limit, offset],
    );
    return { services: await this.load(rows.map((r) => r.id)), didYouMean: rows[0]?.suggestion ?? null };
  }

  /** The services of `ids`, in that order. */
  private async load(ids: string[]): Promise<ServiceEntity[]> {
    if (ids.length === 0) return [];
    const entities = await this.dataSource.manager
      .getRepository(ServiceEntity)
      .createQueryBuilder('s')
      .where('s.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(entities.map((e) => [e.id, e]));
    return ids.map((id) => byId.get(id)).filter((e): e is ServiceEntity => e !== undefined);
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

  /** Every service, active or not, by German name (the admin's list). */
  allServices(): Promise<ServiceEntity[]> {
    return this.m()
      .getRepository(ServiceEntity)
      .createQueryBuilder('s')
      .orderBy(`s.name->>'de'`)
      .addOrderBy('s.id')
      .getMany();
  }

  /** Every published version of a service's form, newest first. */
  formsOf(serviceId: string): Promise<FormEntity[]> {
    return this.m()
      .getRepository(FormEntity)
      .find({ where: { serviceId }, order: { version: 'DESC' } });
  }

  formVersion(serviceId: string, version: number): Promise<FormEntity | null> {
    return this.m().getRepository(FormEntity).findOneBy({ serviceId, version });
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
