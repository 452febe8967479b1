import { DEMO_LOCATION_IDS, DEMO_SERVICE_IDS, type DemoServiceSlug } from '@buergeramt/contracts';

/**
 * Esslingen's citizen offices as DEMO data (DEMO_SEED=true): names after the real offices, addresses,
 * hours and counters made up for the demo. A real city enters its own through the admin API.
 */
export interface DemoLocation {
  id: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  counters: string[];
  /** [weekday, opens, closes] */
  hours: [number, string, string][];
  services: { slug: DemoServiceSlug; durationMinutes: number; maxFutureBookingsPerPerson: number }[];
}

const MORNINGS: [number, string, string][] = [1, 2, 3, 4, 5].map((d) => [d, '08:00', '12:00']);

const ALL_DESK_SERVICES: DemoLocation['services'] = [
  { slug: 'personalausweis', durationMinutes: 20, maxFutureBookingsPerPerson: 1 },
  { slug: 'reisepass', durationMinutes: 20, maxFutureBookingsPerPerson: 1 },
  { slug: 'kinderreisepass', durationMinutes: 15, maxFutureBookingsPerPerson: 2 },
  { slug: 'wohnsitz-anmelden', durationMinutes: 15, maxFutureBookingsPerPerson: 1 },
  { slug: 'wohnsitz-abmelden', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
  { slug: 'meldebescheinigung', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
  { slug: 'melderegisterauskunft', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
  { slug: 'fuehrungszeugnis', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
  { slug: 'beglaubigung', durationMinutes: 10, maxFutureBookingsPerPerson: 2 },
  { slug: 'ausweis-abholung', durationMinutes: 5, maxFutureBookingsPerPerson: 1 },
];

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  {
    id: DEMO_LOCATION_IDS['buergeramt-innenstadt'],
    name: 'Bürgeramt Innenstadt (Demo)',
    street: 'Rathausplatz 2',
    postalCode: '73728',
    city: 'Esslingen am Neckar',
    counters: ['Schalter 1', 'Schalter 2', 'Schalter 3', 'Schalter 4', 'Schalter 5', 'Schalter 6'],
    hours: [...MORNINGS, [2, '14:00', '18:00'], [4, '14:00', '18:00'], [6, '09:00', '12:00']],
    services: [
      ...ALL_DESK_SERVICES,
      { slug: 'bewohnerparkausweis', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
      { slug: 'hundesteuer-anmeldung', durationMinutes: 10, maxFutureBookingsPerPerson: 1 },
      { slug: 'gewerbeanmeldung', durationMinutes: 20, maxFutureBookingsPerPerson: 1 },
      { slug: 'fischereischein', durationMinutes: 15, maxFutureBookingsPerPerson: 1 },
      { slug: 'fuehrerschein-umtausch', durationMinutes: 15, maxFutureBookingsPerPerson: 1 },
    ],
  },
  {
    id: DEMO_LOCATION_IDS['buergeramt-berkheim'],
    name: 'Bürgeramt Berkheim (Demo)',
    street: 'Osterfeldstraße 1',
    postalCode: '73734',
    city: 'Esslingen am Neckar',
    counters: ['Schalter 1', 'Schalter 2'],
    hours: [...MORNINGS, [3, '14:00', '17:00']],
    services: ALL_DESK_SERVICES,
  },
  {
    id: DEMO_LOCATION_IDS['buergeramt-zell'],
    name: 'Bürgeramt Zell (Demo)',
    street: 'Hauptstraße 52',
    postalCode: '73730',
    city: 'Esslingen am Neckar',
    counters: ['Schalter 1', 'Schalter 2'],
    hours: [
      [1, '08:00', '12:00'],
      [3, '08:00', '12:00'],
      [4, '14:00', '18:00'],
    ],
    services: ALL_DESK_SERVICES,
  },
];

export function demoServiceId(slug: DemoServiceSlug): string {
  return DEMO_SERVICE_IDS[slug];
}
