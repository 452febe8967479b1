export * from './database.module';
export * from './migrate';
export * from './raw-results';
export * from './prepared-statements';
export * from './statement-count';
