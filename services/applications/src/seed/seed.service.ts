import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
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
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly config: ApplicationsConfig,
    private readonly catalogue: CatalogueService,
    private readonly repository: CatalogueRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_SEED) await this.seed();
  }

  async seed(): Promise<{ services: number; forms: number }> {
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
      if (form && !(await this.repository.latestForm(id))) {
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
