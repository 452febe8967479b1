import type { EventPayloads } from '@buergeramt/contracts';
import { jobQueueName } from '@buergeramt/contracts';

/**
 * This service's own job queues (purposes in `JOB_QUEUES`, contracts). Never rename one without a migration
 * plan: waiting jobs would be stranded. Scans and letters are written with `outbox.enqueue` and run by
 * `@OnJob` handlers; the retention is a `@Repeat`.
 */
export const SCAN_QUEUE = jobQueueName('documents', 'scan');
export const ISSUE_QUEUE = jobQueueName('documents', 'issue');
export const RETENTION_QUEUE = jobQueueName('documents', 'retention');

/** Deterministic job ids (BullMQ refuses custom ids with a single `:`, so dashes). */
export const scanJobId = (documentId: string): string => `scan-${documentId}`;
export const issueJobId = (applicationId: string): string => `issue-${applicationId}`;
export const RETENTION_SCHEDULER_ID = 'documents-retention';

/** A job on the scan queue (name `scan`). */
export interface ScanJobData {
  documentId: string;
}

/** A job on the issue queue (name `issue`): the decision, and the id of its event. */
export type IssueJobData = EventPayloads['application.decided'] & { eventId: string };
