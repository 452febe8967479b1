export * from './public-holidays';
export * from './appointment-calendar';
