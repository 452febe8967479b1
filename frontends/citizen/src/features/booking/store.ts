import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { createAppointment, type BookedAppointment, type CreateAppointment } from './api';
import type { ContactErrorKey, ContactField } from './contact';

/** What a guest types on the contact step. */
export interface BookingContact {
  name: string;
  email: string;
  phone: string;
}

/** The booking as the check page sends it (the steps keep their choices in the URL). */
export interface BookingSelection {
  serviceId: string;
  locationId: string;
  /** ISO start with offset, as `GET /slots` gave it */
  start: string;
}

/** A message for the next step the person lands on (e.g. "that time was just taken"). */
export type BookingNotice = { kind: 'slot-taken'; start: string };

/** The booking just made, for the done page (memory only: a guest's booking is not shown again). */
export interface CompletedBooking {
  appointment: BookedAppointment;
  guest: boolean;
  email: string | null;
}

interface Stored {
  contact: BookingContact;
  idempotency: { key: string; request: string } | null;
}

/** sessionStorage, not localStorage: a guest's name and address leave with the tab. */
export const BOOKING_STORAGE_KEY = 'buergeramt.booking';

const emptyContact = (): BookingContact => ({ name: '', email: '', phone: '' });

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function readStored(): Stored {
  const fallback: Stored = { contact: emptyContact(), idempotency: null };
  try {
    const raw = storage()?.getItem(BOOKING_STORAGE_KEY);
    if (!raw) return fallback;
    const parsed = JSON.parse(raw) as Partial<Stored>;
    const contact: Partial<BookingContact> = parsed.contact ?? {};
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    const idempotency = parsed.idempotency;
    return {
      contact: { name: text(contact.name), email: text(contact.email), phone: text(contact.phone) },
      idempotency:
        idempotency && typeof idempotency.key === 'string' && typeof idempotency.request === 'string'
          ? { key: idempotency.key, request: idempotency.request }
          : null,
    };
  } catch {
    return fallback;
  }
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The booking in progress: the guest's contact details and the Idempotency-Key of the booking request
 * (both kept in sessionStorage until the booking is done, so a reload or a retry after a lost answer
 * books once), the selection the check page sends, and what the done page shows.
 */
export const useBookingStore = defineStore('booking', () => {
  const stored = readStored();
  const contact = ref<BookingContact>(stored.contact);
  const idempotency = ref<Stored['idempotency']>(stored.idempotency);
  const selection = ref<BookingSelection | null>(null);
  /** the API's 422 per field (e.g. `contact.email`), shown on the contact step */
  const serverErrors = ref<Partial<Record<ContactField, ContactErrorKey>>>({});
  const notice = ref<BookingNotice | null>(null);
  const completed = shallowRef<CompletedBooking | null>(null);

  function persist(): void {
    const target = storage();
    if (!target) return;
    const empty = !contact.value.name && !contact.value.email && !contact.value.phone && !idempotency.value;
    try {
      if (empty) target.removeItem(BOOKING_STORAGE_KEY);
      else
        target.setItem(
          BOOKING_STORAGE_KEY,
          JSON.stringify({ contact: contact.value, idempotency: idempotency.value } satisfies Stored),
        );
    } catch {
      // storage full or refused: the booking still works within this page
    }
  }
  watch([contact, idempotency], persist, { deep: true, flush: 'sync' });

  const hasContact = computed(() => contact.value.name.trim() !== '' && contact.value.email.trim() !== '');

  function setContact(next: BookingContact): void {
    contact.value = { name: next.name.trim(), email: next.email.trim(), phone: next.phone.trim() };
    serverErrors.value = {};
  }

  function select(next: BookingSelection): void {
    selection.value = { ...next };
  }

  /** The request the check page sends for `selection` (a guest's contact only when not logged in). */
  function request(guest: boolean): CreateAppointment {
    const chosen = selection.value;
    if (!chosen) throw new Error('nothing selected to book');
    const body: CreateAppointment = { ...chosen };
    if (guest) {
      body.contact = { name: contact.value.name, email: contact.value.email };
      if (contact.value.phone) body.contact.phone = contact.value.phone;
    }
    return body;
  }

  /**
   * The Idempotency-Key for this request: the same as long as the request is the same (a double click,
   * a retry, a reload of the check page), a new one when anything in it changed.
   */
  function idempotencyKeyFor(body: CreateAppointment): string {
    const fingerprint = JSON.stringify(body);
    if (idempotency.value?.request !== fingerprint) {
      idempotency.value = { key: newKey(), request: fingerprint };
    }
    return idempotency.value.key;
  }

  /**
   * Sends the booking. On success the entered data is forgotten and the answer kept for the done page;
   * a failure (an ApiProblem) leaves everything as it was, so a retry sends the same key.
   */
  async function book(guest: boolean): Promise<BookedAppointment> {
    const body = request(guest);
    const appointment = await createAppointment(body, idempotencyKeyFor(body));
    const email = guest ? contact.value.email : null;
    reset();
    completed.value = { appointment, guest, email };
    return appointment;
  }

  /** Forgets the booking in progress (contact, key, selection, messages). */
  function reset(): void {
    contact.value = emptyContact();
    idempotency.value = null;
    selection.value = null;
    serverErrors.value = {};
    notice.value = null;
    completed.value = null;
  }

  /** The notice for the next page, handed over once. */
  function takeNotice(): BookingNotice | null {
    const current = notice.value;
    notice.value = null;
    return current;
  }

  return {
    contact,
    idempotency,
    selection,
    serverErrors,
    notice,
    completed,
    hasContact,
    setContact,
    select,
    request,
    idempotencyKeyFor,
    book,
    reset,
    takeNotice,
  };
});
