import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppointmentsConfig } from '../config';

/**
 * The manage token of an appointment: HMAC-SHA256 of its id under MANAGE_TOKEN_SECRET. Nothing is stored
 * (it can be derived again for every event that carries it), and it confirms, shows, cancels and
 * reschedules exactly one appointment.
 */
@Injectable()
export class ManageTokens {
  constructor(private readonly config: AppointmentsConfig) {}

  tokenFor(appointmentId: string): string {
    return createHmac('sha256', this.config.MANAGE_TOKEN_SECRET)
      .update(`appointment-manage:${appointmentId}`)
      .digest('base64url');
  }

  matches(appointmentId: string, token: string | undefined): boolean {
    if (!token) return false;
    const expected = Buffer.from(this.tokenFor(appointmentId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
