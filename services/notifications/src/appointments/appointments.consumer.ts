import { calendarSequence, Clock } from '@buergeramt/platform';
import type { AppointmentPayload, DomainEvent, EventType } from '@buergeramt/contracts';
import { OnEvent, type OutboxJobRow } from '@buergeramt/messaging';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FeedbackService } from '../feedback/feedback.service';
import { type MailOf, NotifyService } from '../notify/notify.service';
import { appointmentAddressee, appointmentMailParams } from '../reminders/appointment-mails';
import type { AppointmentStatus, ReminderState } from '../reminders/appointment-state.entity';
import { AppointmentStatesRepository } from '../reminders/appointment-states.repository';
import { Reminders } from '../reminders/reminders';

/**
 * Unconfirmed guest bookings expire after this long by default (appointments' GUEST_CONFIRMATION_MINUTES).
 * Only for events published before they carried `confirmBy`; a city's own setting arrives in the event.
 */
export const DEFAULT_GUEST_CONFIRMATION_MINUTES = 30;

type AppointmentEventType =
  | 'appointment.booked'
  | 'appointment.confirmed'
  | 'appointment.cancelled'
  | 'appointment.rescheduled'
  | 'appointment.expired';

const TERMINAL: readonly AppointmentStatus[] = ['cancelled', 'expired'];

/**
 * Appointment events → mails, and the reminder 24 h before. Each event runs in one transaction with the
 * appointment's row locked, so the mail and the reminder always follow the same state (the reminder's job
 * is written in that transaction too, by the statement that saves the state); an event older than the last
 * one applied (redelivered late, or overtaken) changes nothing and sends nothing.
 */
@Injectable()
export class AppointmentsConsumer {
  private readonly logger = new Logger(AppointmentsConsumer.name);

  constructor(
    private readonly states: AppointmentStatesRepository,
    private readonly reminders: Reminders,
    private readonly notify: NotifyService,
    private readonly feedback: FeedbackService,
    private readonly clock: Clock,
  ) {}

  /** Logged-in bookings are confirmed at once: confirmation with .ics; guests get the confirmation link. */
  @OnEvent('appointment.booked')
  async booked(event: DomainEvent<'appointment.booked'>, manager: EntityManager): Promise<void> {
    const guest = event.data.userId === null;
    const status: AppointmentStatus = guest ? 'pending_confirmation' : 'confirmed';
    if (!(await this.apply(manager, event, status))) return;
    if (guest) await this.guestConfirmation(manager, event);
    else await this.bookingConfirmation(manager, event);
  }

  @OnEvent('appointment.confirmed')
  async confirmed(event: DomainEvent<'appointment.confirmed'>, manager: EntityManager): Promise<void> {
    if (!(await this.apply(manager, event, 'confirmed'))) return;
    await this.bookingConfirmation(manager, event);
  }

  @OnEvent('appointment.rescheduled')
  async rescheduled(event: DomainEvent<'appointment.rescheduled'>, manager: EntityManager): Promise<void> {
    const current = await this.states.lock(manager, event.data.appointmentId);
    const status = current?.status === 'pending_confirmation' ? 'pending_confirmation' : 'confirmed';
    if (!(await this.apply(manager, event, status))) return;
    await this.mail(manager, event, {
      kind: 'appointment-rescheduled',
      params: {
        ...appointmentMailParams(event.data),
        previousStart: event.data.previousStart,
        previousEnd: event.data.previousEnd,
        sequence: calendarSequence(event.occurredAt),
      },
      dedupeKey: `event:${event.id}:appointment-rescheduled`,
    });
  }

  @OnEvent('appointment.cancelled')
  async cancelled(event: DomainEvent<'appointment.cancelled'>, manager: EntityManager): Promise<void> {
    if (!(await this.apply(manager, event, 'cancelled'))) return;
    await this.mail(manager, event, {
      kind: 'appointment-cancelled',
      params: {
        ...appointmentMailParams(event.data),
        cancelledBy: event.data.cancelledBy,
        sequence: calendarSequence(event.occurredAt),
      },
      dedupeKey: `appointment:${event.data.appointmentId}:cancelled`,
    });
  }

  /** An unconfirmed guest booking ran out: its reminder (if any) goes; no mail (the guest never confirmed). */
  @OnEvent('appointment.expired')
  async expired(event: DomainEvent<'appointment.expired'>, manager: EntityManager): Promise<void> {
    await this.apply(manager, event, 'expired');
  }

  /** Served to the end: a short feedback request, at most one a week per person. */
  @OnEvent('appointment.completed')
  async completed(event: DomainEvent<'appointment.completed'>, manager: EntityManager): Promise<void> {
    const to = appointmentAddressee(event.data);
    if (!to) return;
    await this.feedback.request(manager, {
      subjectType: 'appointment',
      subjectId: event.data.appointmentId,
      reference: event.data.reference,
      to,
      event: { id: event.id, type: event.type },
    });
  }

  /**
   * Applies the event to the appointment's row and its reminder; false when the event is stale (older than
   * the last applied one, or the appointment is cancelled or expired already). A reminder for a new start
   * is a new job; the job of an earlier start, or of a cancelled or expired appointment, stays in the queue
   * and does nothing when it runs (it compares its start and the reminder's state with this row).
   */
  private async apply(
    manager: EntityManager,
    event: DomainEvent<AppointmentEventType>,
    status: AppointmentStatus,
  ): Promise<boolean> {
    const payload: AppointmentPayload = event.data;
    const current = await this.states.lock(manager, payload.appointmentId);
    if (current) {
      if (Date.parse(event.occurredAt) < current.lastEventAt.getTime()) {
        this.logger.log(
          `${event.type} ${event.id} is older than what is known of ${payload.appointmentId}: ignored`,
        );
        return false;
      }
      if (TERMINAL.includes(current.status)) return false;
    }
    let reminder: ReminderState = current?.reminder ?? 'none';
    let dueAt: Date | null = current?.reminderDueAt ?? null;
    let job: ((firstParam: number) => OutboxJobRow) | undefined;
    if (status === 'confirmed') {
      dueAt = this.reminders.dueAt(payload.start);
      const alreadySent = reminder === 'sent' && current?.startAt.getTime() === Date.parse(payload.start);
      if (alreadySent) {
        // a late confirmed event for an appointment reminded of already: nothing to do
      } else if (dueAt.getTime() > this.clock.now().getTime()) {
        // the same start gives the same job id: a job planned already is not added twice. Written by the
        // statement that saves the state below.
        const due = dueAt;
        job = (firstParam) =>
          this.reminders.jobRow(manager, payload.appointmentId, payload.start, due, firstParam);
        reminder = 'scheduled';
      } else {
        // booked (or moved) less than 24 h ahead: the confirmation mail is the reminder
        reminder = 'none';
        dueAt = null;
      }
    } else if (status === 'cancelled' || status === 'expired') {
      reminder = reminder === 'scheduled' ? 'removed' : reminder;
      dueAt = null;
    }
    await this.states.save(
      manager,
      payload.appointmentId,
      {
        status,
        reminder,
        reminderDueAt: dueAt,
        payload,
        lastEventAt: event.occurredAt,
      },
      job,
    );
    return true;
  }

  private async guestConfirmation(
    manager: EntityManager,
    event: DomainEvent<'appointment.booked'>,
  ): Promise<void> {
    const confirmBy =
      event.data.confirmBy ??
      new Date(Date.parse(event.occurredAt) + DEFAULT_GUEST_CONFIRMATION_MINUTES * 60_000).toISOString();
    await this.mail(manager, event, {
      kind: 'guest-confirmation',
      params: { ...appointmentMailParams(event.data), confirmBy },
      dedupeKey: `appointment:${event.data.appointmentId}:guest-confirmation`,
      invalid: event.data.manageToken
        ? undefined
        : 'missing-token: the guest booking carries no manageToken, so no confirmation link can be built',
    });
  }

  /** One confirmation per appointment, whether it comes from `booked` (logged in) or `confirmed` (guest). */
  private async bookingConfirmation(
    manager: EntityManager,
    event: DomainEvent<'appointment.booked' | 'appointment.confirmed'>,
  ): Promise<void> {
    await this.mail(manager, event, {
      kind: 'booking-confirmation',
      params: appointmentMailParams(event.data),
      dedupeKey: `appointment:${event.data.appointmentId}:confirmation`,
    });
  }

  private async mail(
    manager: EntityManager,
    event: DomainEvent<EventType> & { data: AppointmentPayload },
    request: MailOf,
  ): Promise<void> {
    const to = appointmentAddressee(event.data);
    if (!to) {
      this.logger.warn(`${event.type} ${event.id} names neither an owner nor a contact: no mail`);
      return;
    }
    await this.notify.notify(manager, { ...request, to, event: { id: event.id, type: event.type } });
  }
}
