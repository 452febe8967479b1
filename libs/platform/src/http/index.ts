export * from './cache';
export * from './pagination';
export * from './request';
