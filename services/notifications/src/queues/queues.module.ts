import { closeQuietly, createProducerConnection } from '@buergeramt/messaging';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { NotificationsConfig } from '../config';
import { REMINDER_QUEUE, type ReminderJobData } from './queue-names';

/**
 * The producer of the reminder queue (delayed jobs that are moved and removed) on a fail-fast connection: while Redis is unreachable, adding
 * a job rejects at once (the caller retries) instead of hanging.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  readonly reminders: Queue<ReminderJobData>;
  private readonly connection: Redis;

  constructor(@Inject(NotificationsConfig) config: NotificationsConfig) {
    this.connection = createProducerConnection(config.REDIS_URL, 'notifications-jobs');
    const options = { connection: this.connection, prefix: config.QUEUE_PREFIX };
    this.reminders = new Queue<ReminderJobData>(REMINDER_QUEUE, options);
    // add() rejects while Redis is away; the queue's own error events would only repeat that
    this.reminders.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeQuietly(this.reminders);
    this.connection.disconnect();
  }
}

@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueuesModule {}
