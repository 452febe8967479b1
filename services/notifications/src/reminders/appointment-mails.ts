import type { AppointmentPayload } from '@buergeramt/contracts';
import type { Addressee } from '../notify/recipient-resolver';
import type { AppointmentMailParams } from '../templates/mail-kinds';

/** The names and place of the contract's payload (optional there: older events lack them), blanks as none. */
export function appointmentMailParams(payload: AppointmentPayload): AppointmentMailParams {
  const { serviceName } = payload;
  return {
    appointmentId: payload.appointmentId,
    reference: payload.reference,
    start: payload.start,
    end: payload.end,
    manageToken: payload.manageToken,
    serviceName: serviceName?.de && serviceName.en ? { de: serviceName.de, en: serviceName.en } : null,
    locationName: payload.locationName?.trim() || null,
    locationAddress: payload.locationAddress?.trim() || null,
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
