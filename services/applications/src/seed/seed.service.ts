import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ApplicationsConfig } from '../config';
import { DEMO_SERVICES, toCreateDto } from './demo-catalogue';
import { DEMO_FORMS } from './demo-forms';

/**
 * DEMO_SEED=true: the demo catalogue under the fixed ids of DEMO_SERVICE_IDS (marked `demo`), each
 * announced with catalogue.service-changed through the outbox, and the demo online forms. Idempotent:
 * what exists is left alone, so replicas and restarts create everything once.
 *
 * A demo form whose definition changed in the code (a fix) is published as a new version when the newest
 * version is one the seed published (`created_by` null) and differs from it; a version an admin published
 * is left alone. Published versions are immutable and drafts keep theirs, so a draft started on the old
 * version stays on it; new drafts get the new one. Replicas seed one after the other (an advisory lock),
 * so a new version is published once.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApplicationsConfig,
    private readonly catalogue: CatalogueService,
    private readonly repository: CatalogueRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_SEED) await this.seed();
  }

  async seed(): Promise<{ services: number; forms: number }> {
    // held while the work below runs in its own transactions: a second replica waits, then finds it done
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.demo-seed'))`);
      return this.seedUnlocked();
    });
  }

  private async seedUnlocked(): Promise<{ services: number; forms: number }> {
    let services = 0;
    let forms = 0;
    for (const demo of DEMO_SERVICES) {
      const id = DEMO_SERVICE_IDS[demo.slug];
      if (!(await this.repository.findById(id))) {
        try {
          await this.catalogue.create(toCreateDto(demo), { actor: 'system' }, { id, demo: true });
          services += 1;
        } catch (error) {
          // another replica seeding at the same time won the insert
          if (!(await this.repository.findById(id))) throw error;
        }
      }
      const form = DEMO_FORMS[demo.slug];
      const latest = form ? await this.repository.latestForm(id) : null;
      const outdated =
        latest !== null &&
        latest.createdBy === null &&
        !(isDeepStrictEqual(latest.schema, form?.schema) && isDeepStrictEqual(latest.ui, form?.ui));
      if (form && (!latest || outdated)) {
        await this.catalogue.publishForm(id, form, { actor: 'system' });
        forms += 1;
      }
    }
    if (services + forms > 0) this.logger.log(`demo catalogue: ${services} services, ${forms} forms created`);
    return { services, forms };
  }
}

@Module({ imports: [CatalogueModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
