/**
 * Fixed ids of the demo data (`DEMO_SEED=true`), shared so that every service's seed agrees without
 * calling another: applications seeds the catalogue under these ids and publishes
 * `catalogue.service-changed`; appointments seeds its locations and which services they offer with them.
 * Demo data only: a real city creates its catalogue and locations through the admin API.
 */
export const DEMO_SERVICE_IDS = {
  personalausweis: '6e028ba8-67c6-5bd5-aee5-d6d010348829',
  reisepass: 'e79e91cc-489d-58ec-9bf0-73d5b0c1e605',
  kinderreisepass: 'fe40b807-3135-5b6d-92c7-4c0746a588e1',
  'wohnsitz-anmelden': '466d3b17-852c-5405-a61d-86d9e81f9c3f',
  'wohnsitz-abmelden': 'c17c331a-54ba-5d8a-8652-990d48fa97aa',
  meldebescheinigung: 'a55e8776-173d-5b58-8de2-e1d9128955bf',
  melderegisterauskunft: '5f503ad7-9c38-5ca7-931a-ec58dbcf3547',
  bewohnerparkausweis: '2ea67616-d351-53e1-aa93-5fa3b5ddd73a',
  'hundesteuer-anmeldung': '55cef13c-6ee4-5742-934e-f36e6cf5cea5',
  fuehrungszeugnis: '2b0f2c8b-a299-54c1-9783-426222dd7eec',
  beglaubigung: 'af660d49-7d53-5b69-b3d0-95eb4e21c92d',
  gewerbeanmeldung: '08fc9a06-7043-5d52-95b6-d62e655636c5',
  'ausweis-abholung': '81f6d652-2d3d-59fd-b8ec-1627a4f95dbb',
  fischereischein: 'c5d2edf4-bd6a-5fc0-829f-c87aefb08d0d',
  'fuehrerschein-umtausch': 'd3bb47dc-cfc9-4850-841f-ef02106f16c3',
} as const;
export type DemoServiceSlug = keyof typeof DEMO_SERVICE_IDS;

export const DEMO_LOCATION_IDS = {
  'buergeramt-innenstadt': '407747bb-1b8f-524b-924d-6176538b41d2',
  'buergeramt-berkheim': '6523ad37-37dc-5a77-9a55-ab77bc17410c',
  'buergeramt-zell': 'f71a4b9f-234a-53f6-b5ec-16fdacd9847b',
} as const;
