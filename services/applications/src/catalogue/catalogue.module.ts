import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { CatalogueAdminController, CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';
import { FormValidator } from './form-validator';

@Module({
  imports: [StatsModule],
  controllers: [CatalogueController, CatalogueAdminController],
  providers: [
    CatalogueRepository,
    CatalogueService,
    { provide: FormValidator, useValue: new FormValidator() },
  ],
  exports: [CatalogueRepository, CatalogueService, FormValidator],
})
export class CatalogueModule {}
