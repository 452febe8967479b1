export * from './openapi';
export * from './problem';
export * from './problem.filter';
export * from './validation';
