import { type DynamicModule, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module';
import type { DatabaseServiceConfig } from '../config/env';
import { HealthRegistry } from '../health/health.registry';
import { runMigrationsUnderLock } from './migrate';
import { PreparingClient } from './prepared-statements';
import { CountingClient } from './statement-count';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

export interface DatabaseModuleOptions {
  /** The schema the service owns (its name unless DATABASE_SCHEMA overrides it). */
  schema: string;
  /**
   * Entities that no feature module registers itself (e.g. messaging's); with `autoLoadEntities`, those of
   * `TypeOrmModule.forFeature([...])` in the service's feature modules are added to them.
   */
  entities: EntityList;
  migrations: MigrationList;
  /**
   * Adds the entities every imported feature module registers with `TypeOrmModule.forFeature` (Nest's
   * `autoLoadEntities`), so that a service's table is registered once, in the module that owns it.
   */
  autoLoadEntities?: boolean;
}

/** TypeORM options for a service: its own schema first on the search path, never `synchronize`. */
export function dataSourceOptions(
  config: DatabaseServiceConfig,
  options: DatabaseModuleOptions,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // unqualified names in raw SQL and migrations land in the service's own schema
    extra: {
      max: config.DATABASE_POOL_SIZE,
      // pg-pool: also bounds the wait for a free connection ("timeout exceeded when trying to connect",
      // which the problem filter answers 503)
      connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
      options: `-c search_path="${options.schema}",public -c timezone=UTC`,
      // statements with parameters are prepared once per connection (decision §40); both count what they send
      Client: config.DATABASE_PREPARED_STATEMENTS ? PreparingClient : CountingClient,
    },
  };
}

@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: DatabaseServiceConfig) => ({
            ...dataSourceOptions(config, options),
            autoLoadEntities: options.autoLoadEntities ?? false,
          }),
          dataSourceFactory: async (dsOptions) => {
            const dataSource = await new DataSource(dsOptions!).initialize();
            const ran = await runMigrationsUnderLock(dataSource, options.schema);
            if (ran.length > 0)
              new Logger('DatabaseModule').log(`migrated schema "${options.schema}": ${ran.join(', ')}`);
            return dataSource;
          },
        }),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}
