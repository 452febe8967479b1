export * from './chunk-reclaimer';
