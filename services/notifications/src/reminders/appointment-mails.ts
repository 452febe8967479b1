import type { AppointmentPayload } from '@buergeramt/contracts';
import type { Addressee } from '../mail/recipient-resolver';
import type { AppointmentMailParams, LocalizedName } from '../templates/mail-kinds';

/**
 * Fields an appointment event may carry in addition to the contract's AppointmentPayload (adding fields is
 * compatible): the mails and the calendar entry name the service and the place when they are there.
 */
interface AppointmentExtras {
  serviceName?: unknown;
  locationName?: unknown;
  locationAddress?: unknown;
}

function localizedName(value: unknown): LocalizedName | null {
  if (typeof value !== 'object' || value === null) return null;
  const { de, en } = value as Record<string, unknown>;
  return typeof de === 'string' && typeof en === 'string' && de && en ? { de, en } : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function appointmentMailParams(payload: AppointmentPayload): AppointmentMailParams {
  const extras = payload as AppointmentPayload & AppointmentExtras;
  return {
    appointmentId: payload.appointmentId,
    reference: payload.reference,
    start: payload.start,
    end: payload.end,
    manageToken: payload.manageToken,
    serviceName: localizedName(extras.serviceName),
    locationName: text(extras.locationName),
    locationAddress: text(extras.locationAddress),
  };
}

/**
 * Who hears about an appointment: the contact given with the booking (guests; also a logged-in owner who
 * gave one), else the owner's profile; null when the event names neither.
 */
export function appointmentAddressee(payload: AppointmentPayload): Addressee | null {
  if (payload.contact) {
    const { email, name, locale } = payload.contact;
    return { userId: payload.userId, address: { email, name: name || null, locale } };
  }
  return payload.userId ? { userId: payload.userId } : null;
}
