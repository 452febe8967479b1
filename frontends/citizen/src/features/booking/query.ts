import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** `standort=alle`: any office, earliest free time first. */
export const ANY_OFFICE = 'alle';

/**
 * The choices of the booking steps, as they live in the URL (so back/forward, reload and a shared link
 * keep the flow): `?standort=<office id|alle>&tag=YYYY-MM-DD&zeit=<ISO start>&amt=<office of the time>`.
 * `amt` is only needed with `standort=alle`: the office whose time was chosen.
 */
export interface BookingChoice {
  office?: string;
  day?: string;
  start?: string;
  slotOffice?: string;
}

export type BookingStep = 'booking' | 'booking-day' | 'booking-time' | 'booking-contact' | 'booking-check';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function single(value: LocationQuery[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`));
}

export function isStart(value: unknown): value is string {
  return typeof value === 'string' && START.test(value) && !Number.isNaN(Date.parse(value));
}

/** The choices in a route's query; anything malformed counts as not chosen. */
export function readChoice(query: LocationQuery): BookingChoice {
  const office = single(query.standort);
  const day = single(query.tag);
  // a `+` typed into an address bar arrives as a space
  const start = single(query.zeit)?.replace(/ /g, '+');
  const slotOffice = single(query.amt);
  return {
    office: office === ANY_OFFICE || (office && ID.test(office)) ? office : undefined,
    day: isDay(day) ? day : undefined,
    start: isStart(start) ? start : undefined,
    slotOffice: slotOffice && ID.test(slotOffice) ? slotOffice : undefined,
  };
}

/** The query of a step's URL, with the choices made before it. */
export function choiceQuery(choice: BookingChoice): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (choice.office) query.standort = choice.office;
  if (choice.day) query.tag = choice.day;
  if (choice.start) query.zeit = choice.start;
  if (choice.slotOffice && choice.office === ANY_OFFICE) query.amt = choice.slotOffice;
  return query;
}

/** The office the chosen time is at: the chosen office, or with "any office" the one of the time. */
export function bookedOffice(choice: BookingChoice): string | undefined {
  return choice.office === ANY_OFFICE ? choice.slotOffice : choice.office;
}

const ORDER: BookingStep[] = ['booking', 'booking-day', 'booking-time', 'booking-contact', 'booking-check'];

/**
 * The first step whose choice is missing before `step` can be shown (a shortened or old link), or
 * null when everything `step` needs is there.
 */
export function missingStep(step: BookingStep, choice: BookingChoice): BookingStep | null {
  const needed = ORDER.indexOf(step);
  if (needed > 0 && !choice.office) return 'booking';
  if (needed > 1 && !choice.day) return 'booking-day';
  if (needed > 2 && (!choice.start || !bookedOffice(choice))) return 'booking-time';
  return null;
}

/** The choices a step passes on: only those made up to and including `step`. */
export function choiceUpTo(step: BookingStep, choice: BookingChoice): BookingChoice {
  const index = ORDER.indexOf(step);
  return {
    office: index >= 0 ? choice.office : undefined,
    day: index >= 1 ? choice.day : undefined,
    start: index >= 2 ? choice.start : undefined,
    slotOffice: index >= 2 ? choice.slotOffice : undefined,
  };
}
