import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { ApplicationsTables1764300000000 } from './1764300000000-applications-tables';
import { OfficeReadModels1764600000000 } from './1764600000000-office-read-models';
import { BookedAppointments1764800000000 } from './1764800000000-booked-appointments';
import { CatalogueCloseMatches1765200000000 } from './1765200000000-catalogue-close-matches';
import { ServiceCostModel1766000000000 } from './1766000000000-service-cost-model';
import { DigitalisationIndexes1766100000000 } from './1766100000000-digitalisation-indexes';
import { WebhookJobsThroughTheOutbox1766800000000 } from './1766800000000-webhook-jobs-through-the-outbox';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  ApplicationsTables1764300000000,
  OfficeReadModels1764600000000,
  BookedAppointments1764800000000,
  CatalogueCloseMatches1765200000000,
  ServiceCostModel1766000000000,
  DigitalisationIndexes1766100000000,
  WebhookJobsThroughTheOutbox1766800000000,
];
