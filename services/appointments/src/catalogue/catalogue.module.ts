import { Module } from '@nestjs/common';
import { CatalogueConsumer } from './catalogue.consumer';
import { CatalogueRepository } from './catalogue.repository';

@Module({ providers: [CatalogueRepository, CatalogueConsumer], exports: [CatalogueRepository] })
export class CatalogueModule {}
