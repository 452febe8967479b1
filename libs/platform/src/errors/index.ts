export * from './input-guard';
export * from './openapi';
export * from './problem';
export * from './problem.filter';
export * from './validation';
