import { OnJob } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppointmentsService } from './appointments.service';
import { EXPIRY_JOB, type ExpiryJobData } from './expiry';

/**
 * Runs due expiry jobs (`@OnJob('expiry', 'expire')`, in the transaction that records the job in the
 * messaging inbox): under the appointment's row lock, an appointment still `pending_confirmation` whose
 * `expires_at` has passed (service clock) is released and its slot is free again; anything else (confirmed,
 * cancelled, already expired, unknown) is left as it is. So a confirmation or cancel needs no job removed.
 * The housekeeping sweep releases what a job did not (a job that came too early, or was lost with Redis).
 */
@Injectable()
export class ExpiryJobs {
  constructor(private readonly appointments: AppointmentsService) {}

  // tries as the hand-built worker of earlier versions gave its jobs: 5, from 1 s doubling
  @OnJob<ExpiryJobs>('expiry', EXPIRY_JOB, { attempts: 5, backoffMs: 1000 })
  async expire(data: ExpiryJobData, manager: EntityManager): Promise<'expired' | 'nothing-to-do'> {
    return (await this.appointments.expire(data.appointmentId, manager)) ? 'expired' : 'nothing-to-do';
  }
}
