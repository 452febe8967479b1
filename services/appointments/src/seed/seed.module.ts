import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { SeedService } from './seed.service';

@Module({ imports: [LocationsModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
