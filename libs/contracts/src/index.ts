export * from './envelope';
export * from './events';
export * from './problem';
export * from './roles';
export * from './services';
export * from './subscriptions';
export * from './demo';
export * from './person';
