export * from './feedback-tokens';
