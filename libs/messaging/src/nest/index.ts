export * from './messaging-admin';
export * from './messaging.module';
export * from './messaging.runtime';
export * from './on-event.decorator';
export * from './on-job.decorator';
export * from './options';
export * from './outbox-publisher';
export * from './repeat.decorator';
