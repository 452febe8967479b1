import { Module } from '@nestjs/common';
import { ReadModelsConsumer } from './read-models.consumer';

@Module({ providers: [ReadModelsConsumer] })
export class ReadModelsModule {}
