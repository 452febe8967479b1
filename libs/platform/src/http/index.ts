export * from './pagination';
export * from './request';
