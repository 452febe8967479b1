import { OnJob } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ScanJobData } from '../queues/queue-names';
import { Scanner } from './scanner';

/**
 * Runs the scan jobs (`{documents.scan}`, job id `scan-<documentId>`), written with the upload's row by
 * `DocumentsService` (and again by the retention run for uploads left pending) with `outbox.enqueue`. A
 * scan that cannot run (clamd away) is retried with backoff (8 tries, from 1 s, doubling); the document
 * stays `pending_scan` meanwhile. The verdict commits with the job's inbox record, so a scanned upload is
 * not scanned again. Provided only when CLAMAV_URL is set (app.module): without it no worker runs.
 */
@Injectable()
export class ScanJobs {
  constructor(private readonly scanner: Scanner) {}

  @OnJob('scan', { attempts: 8, backoffMs: 1000 })
  run(data: ScanJobData, manager: EntityManager): Promise<string> {
    return this.scanner.scan(data.documentId, manager);
  }
}
