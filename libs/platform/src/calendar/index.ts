export * from './public-holidays';
export * from './appointment-calendar';
export * from './calendar-file';
