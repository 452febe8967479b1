import type {
  AppointmentPayload,
  DomainEvent,
  EventPayloads,
  EventType,
  Locale,
  ServiceName,
} from '@buergeramt/contracts';
import { createEvent } from '@buergeramt/messaging';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

const SOURCES: Record<string, ServiceName> = {
  identity: 'identity',
  appointment: 'appointments',
  application: 'applications',
  document: 'documents',
};

/** An event envelope as the publishing service would write it to its outbox. */
export function anEvent<T extends EventType>(
  type: T,
  data: EventPayloads[T],
  options: { occurredAt?: Date; subject?: string } = {},
): DomainEvent<T> {
  const [prefix = ''] = type.split('.');
  const source = SOURCES[prefix];
  if (!source) throw new Error(`anEvent does not know which service publishes ${type}`);
  const fields = data as Record<string, unknown>;
  const id = [fields.appointmentId, fields.applicationId, fields.documentId, fields.userId].find(
    (value): value is string => typeof value === 'string',
  );
  const subject = options.subject ?? id ?? 'subject';
  return createEvent(type, subject, data, { source, occurredAt: options.occurredAt, traceId: 'test' });
}

export const token = (): string => randomBytes(24).toString('base64url');

export interface Person {
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
  locale: Locale;
}

let people = 0;
export function aPerson(overrides: Partial<Person> = {}): Person {
  people += 1;
  const userId = overrides.userId ?? uuidv7();
  return {
    userId,
    email: `person-${people}-${userId.slice(-6)}@example.org`,
    givenName: 'Anna',
    familyName: 'Muster',
    locale: 'de',
    ...overrides,
  };
}

export function profileChanged(person: Person, occurredAt?: Date): DomainEvent<'identity.profile-changed'> {
  return anEvent('identity.profile-changed', { ...person, roles: ['citizen'] }, { occurredAt });
}

/** An appointment starting `startInMs` from now, 15 minutes long, owned by `owner` or booked by a guest. */
export function anAppointment(
  options: {
    owner?: Person;
    guest?: { name: string; email: string; locale: Locale };
    startInMs?: number;
    extras?: Record<string, unknown>;
  } = {},
): AppointmentPayload {
  const start = new Date(Date.now() + (options.startInMs ?? 3 * 24 * 3600_000));
  start.setUTCMilliseconds(0);
  const id = uuidv7();
  return {
    appointmentId: id,
    reference: `ESS-T-${id.slice(-6).toUpperCase()}`,
    serviceId: uuidv7(),
    locationId: uuidv7(),
    start: start.toISOString(),
    end: new Date(start.getTime() + 15 * 60_000).toISOString(),
    userId: options.owner?.userId ?? null,
    contact: options.guest ?? null,
    manageToken: options.guest ? token() : null,
    ...(options.extras ?? {}),
  };
}

export function anApplication(owner: Person): { applicationId: string; serviceId: string; ownerId: string } {
  return { applicationId: uuidv7(), serviceId: uuidv7(), ownerId: owner.userId };
}
