export * from './public-holidays';
