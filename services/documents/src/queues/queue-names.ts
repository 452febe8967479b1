import { jobQueueName } from '@buergeramt/contracts';

/**
 * This service's own job queues. Never rename one without a migration plan: waiting jobs would be
 * stranded.
 */
export const SCAN_QUEUE = jobQueueName('documents', 'scan');
export const ISSUE_QUEUE = jobQueueName('documents', 'issue');
export const RETENTION_QUEUE = jobQueueName('documents', 'retention');

/** Deterministic job ids (BullMQ refuses custom ids with a single `:`, so dashes). */
export const scanJobId = (documentId: string): string => `scan-${documentId}`;
export const issueJobId = (applicationId: string): string => `issue-${applicationId}`;
export const RETENTION_SCHEDULER_ID = 'documents-retention';

export interface ScanJobData {
  documentId: string;
}
