import { Repeat } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import { DocumentsConfig } from '../config';
import { RETENTION_SCHEDULER_ID } from '../queues/queue-names';
import { RetentionService } from './retention.service';

/** The repeatable retention job: one BullMQ scheduler whatever the number of replicas; one runs each time. */
@Injectable()
export class RetentionProcessor {
  constructor(
    private readonly config: DocumentsConfig,
    private readonly retention: RetentionService,
  ) {}

  @Repeat<RetentionProcessor>({
    queue: 'retention',
    schedulerId: RETENTION_SCHEDULER_ID,
    name: 'retention',
    every: (self) => self.config.RETENTION_INTERVAL_MS,
  })
  run(): Promise<unknown> {
    return this.retention.run();
  }
}
