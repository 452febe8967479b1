export * from './database.module';
export * from './migrate';
export * from './raw-results';
