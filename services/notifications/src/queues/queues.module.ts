import { closeQuietly, createProducerConnection } from '@buergeramt/messaging';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { NotificationsConfig } from '../config';
import { MAIL_QUEUE, type MailJobData, REMINDER_QUEUE, type ReminderJobData } from './queue-names';

/**
 * Producers of the service's job queues on one fail-fast connection: while Redis is unreachable, adding
 * a job rejects at once (the caller retries) instead of hanging.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  readonly mail: Queue<MailJobData>;
  readonly reminders: Queue<ReminderJobData>;
  private readonly connection: Redis;

  constructor(@Inject(NotificationsConfig) config: NotificationsConfig) {
    this.connection = createProducerConnection(config.REDIS_URL, 'notifications-jobs');
    const options = { connection: this.connection, prefix: config.QUEUE_PREFIX };
    this.mail = new Queue<MailJobData>(MAIL_QUEUE, options);
    this.reminders = new Queue<ReminderJobData>(REMINDER_QUEUE, options);
    // add() rejects while Redis is away; the queue's own error events would only repeat that
    this.mail.on('error', () => undefined);
    this.reminders.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeQuietly(this.mail), closeQuietly(this.reminders)]);
    this.connection.disconnect();
  }
}

@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueuesModule {}
