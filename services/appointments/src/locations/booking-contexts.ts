import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type BookingContext, LocationsRepository } from './locations.repository';

/** Contexts kept at most; the oldest read goes first (a city has a few offices × services × 62 days). */
const MAX_ENTRIES = 2_000;

/**
 * The booking contexts read lately (schedule of the day, office and service names), so that a booking
 * costs one round trip instead of two (decision §36). An entry is never trusted on its own: the booking
 * statement books only while the location's `context_version` is still the one the entry was read with,
 * and when it is not, the caller forgets the entry and reads it again. Contexts of services a location
 * does not offer are not kept (those requests are refused anyway).
 */
@Injectable()
export class BookingContexts {
  private readonly entries = new Map<string, BookingContext>();

  constructor(private readonly locations: LocationsRepository) {}

  /** The context of `serviceId` at `locationId` on `date` (a calendar date), from memory when known. */
  async get(serviceId: string, locationId: string, date: string): Promise<BookingContext | null> {
    const key = keyOf(serviceId, locationId, date);
    const known = this.entries.get(key);
    if (known) return known;
    const context = await this.locations.bookingContext(serviceId, locationId, date);
    if (context) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, context);
    }
    return context;
  }

  /** Read inside a transaction (a reschedule), never from memory. */
  read(
    serviceId: string,
    locationId: string,
    date: string,
    manager: EntityManager,
  ): Promise<BookingContext | null> {
    return this.locations.bookingContext(serviceId, locationId, date, manager);
  }

  /** Drops what is kept for this day: the booking found the location changed since. */
  forget(serviceId: string, locationId: string, date: string): void {
    this.entries.delete(keyOf(serviceId, locationId, date));
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(serviceId: string, locationId: string, date: string): string {
  return `${serviceId}/${locationId}/${date}`;
}
