import { MESSAGING_MIGRATIONS } from '@buergeramt/messaging';
import { AppointmentsTables1764300000000 } from './1764300000000-appointments-tables';
import { AppointmentsBusyIndex1764400000000 } from './1764400000000-appointments-busy-index';
import { Kiosks1764700000000 } from './1764700000000-kiosks';
import { ClosurePublicReason1765200000000 } from './1765200000000-closure-public-reason';
import { AppointmentsUserStartIndex1765600000000 } from './1765600000000-appointments-user-start-index';
import { BookAppointmentFunction1765800000000 } from './1765800000000-book-appointment-function';
import { People1766000000000 } from './1766000000000-people';
import { NextFreeSlots1766400000000 } from './1766400000000-next-free-slots';
import { AuditActorRole1766500000000 } from './1766500000000-audit-actor-role';
import { BookingContextVersion1766600000000 } from './1766600000000-booking-context-version';
import { BookingRefusalsAsResults1766700000000 } from './1766700000000-booking-refusals-as-results';

/**
 * Every migration of this service, in order. Timestamped, reversible, never rewritten once committed;
 * they run at start under an advisory lock (platform DatabaseModule).
 */
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  AppointmentsTables1764300000000,
  AppointmentsBusyIndex1764400000000,
  Kiosks1764700000000,
  ClosurePublicReason1765200000000,
  AppointmentsUserStartIndex1765600000000,
  BookAppointmentFunction1765800000000,
  People1766000000000,
  NextFreeSlots1766400000000,
  AuditActorRole1766500000000,
  BookingContextVersion1766600000000,
  BookingRefusalsAsResults1766700000000,
];
