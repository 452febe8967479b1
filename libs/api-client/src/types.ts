import type { components } from './schema';

/** A named schema of the API document: `Schema<'AppointmentDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
