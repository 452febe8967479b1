export * from './document-checks';
export * from './openapi';
