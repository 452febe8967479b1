/** Admin payloads shared by the catalogue and statistics specs. */

/** A bulky-waste service (target 5 working days, online, no appointment) under `slug`. */
export function bulkyWasteService(slug: string, synonyms: string[] = []) {
  return {
    slug,
    name: { de: 'Sperrmüll anmelden', en: 'Book a bulky waste collection' },
    summary: { de: 'Abholung von Sperrmüll', en: 'Collection of bulky waste' },
    description: { de: 'Zweimal im Jahr kostenlos.', en: 'Free twice a year.' },
    synonyms,
    feeAmount: 0,
    feeText: { de: 'gebührenfrei', en: 'free' },
    processingDays: 5,
    appointmentRequired: false,
    onlineApplication: true,
  };
}

/** A one-field form ("what to collect"). */
export const ITEMS_FORM = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'string', minLength: 3, maxLength: 500 } },
  },
  ui: {
    sections: [
      {
        id: 'main',
        title: { de: 'Gegenstände', en: 'Items' },
        fields: [{ name: 'items', label: { de: 'Was?', en: 'What?' } }],
      },
    ],
  },
};
