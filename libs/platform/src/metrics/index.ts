export * from './metrics-endpoint';
export * from './metrics.service';
