import type { CatalogueService, ServiceChange } from '../api';

/** A text in both languages as the form edits it. */
export interface Texts {
  de: string;
  en: string;
}

export interface DocumentRow {
  de: string;
  en: string;
  uploadForOnline: boolean;
}

/** The cost model's five inputs as typed (all empty: no cost model). */
export interface CostModelForm {
  counterStaffMinutes: string;
  onlineStaffMinutes: string;
  counterResidentMinutes: string;
  onlineResidentMinutes: string;
  staffHourlyRate: string;
}

export const COST_FIELDS = [
  'counterStaffMinutes',
  'onlineStaffMinutes',
  'counterResidentMinutes',
  'onlineResidentMinutes',
  'staffHourlyRate',
] as const satisfies readonly (keyof CostModelForm)[];

/** Everything of a catalogue service an admin edits here, as strings and booleans. */
export interface ServiceForm {
  name: Texts;
  summary: Texts;
  description: Texts;
  feeAmount: string;
  feeText: Texts;
  processingDays: string;
  appointmentRequired: boolean;
  onlineApplication: boolean;
  active: boolean;
  documents: DocumentRow[];
  cost: CostModelForm;
}

/** A field of the form with an error: `name.de`, `documents.1.en`, `cost.staffHourlyRate` … */
export type ServiceErrors = Record<string, string>;

const texts = (value: { de: string; en: string }): Texts => ({ de: value.de, en: value.en });
const numberText = (value: number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value).replace('.', ',');

export function serviceFormOf(service: CatalogueService): ServiceForm {
  const cost = service.costModel;
  return {
    name: texts(service.name),
    summary: texts(service.summary),
    description: texts(service.description),
    feeAmount: numberText(service.feeAmount),
    feeText: texts(service.feeText),
    processingDays: String(service.processingDays),
    appointmentRequired: service.appointmentRequired,
    onlineApplication: service.onlineApplication,
    active: service.active,
    documents: service.requiredDocuments.map((d) => ({
      ...texts(d.name),
      uploadForOnline: d.uploadForOnline,
    })),
    cost: {
      counterStaffMinutes: numberText(cost?.counterStaffMinutes),
      onlineStaffMinutes: numberText(cost?.onlineStaffMinutes),
      counterResidentMinutes: numberText(cost?.counterResidentMinutes),
      onlineResidentMinutes: numberText(cost?.onlineResidentMinutes),
      staffHourlyRate: numberText(cost?.staffHourlyRate),
    },
  };
}

/** A decimal number as people type it here ("46,00", "46.5"), at most two decimals; null if it is none. */
export function parseAmount(text: string): number | null {
  const normalised = text.trim().replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalised) ? Number(normalised) : null;
}

const MINUTES = /^\d+$/;

/**
 * The PATCH body of the form, or the errors (keys under `admin.service.errors`) by field. The cost model
 * is all or nothing: all five empty clears it (null), otherwise each must be given.
 */
export function serviceChangeOf(form: ServiceForm): { body?: ServiceChange; errors: ServiceErrors } {
  const errors: ServiceErrors = {};
  for (const key of ['name', 'summary'] as const) {
    for (const lang of ['de', 'en'] as const)
      if (!form[key][lang].trim()) errors[`${key}.${lang}`] = 'required';
  }
  const feeAmount = form.feeAmount.trim() ? parseAmount(form.feeAmount) : null;
  if (form.feeAmount.trim() && feeAmount === null) errors.feeAmount = 'amount';
  if (!MINUTES.test(form.processingDays.trim())) errors.processingDays = 'wholeNumber';
  form.documents.forEach((doc, index) => {
    for (const lang of ['de', 'en'] as const)
      if (!doc[lang].trim()) errors[`documents.${index}.${lang}`] = 'required';
  });
  const anyCost = COST_FIELDS.some((field) => form.cost[field].trim());
  let costModel: ServiceChange['costModel'] = null;
  if (anyCost) {
    const values: Partial<Record<(typeof COST_FIELDS)[number], number>> = {};
    for (const field of COST_FIELDS) {
      const text = form.cost[field].trim();
      const value =
        field === 'staffHourlyRate' ? parseAmount(text) : MINUTES.test(text) ? Number(text) : null;
      if (!text) errors[`cost.${field}`] = 'costIncomplete';
      else if (value === null)
        errors[`cost.${field}`] = field === 'staffHourlyRate' ? 'amount' : 'wholeNumber';
      else values[field] = value;
    }
    costModel = values as NonNullable<ServiceChange['costModel']>;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const trimmed = (value: Texts): Texts => ({ de: value.de.trim(), en: value.en.trim() });
  return {
    errors,
    body: {
      name: trimmed(form.name),
      summary: trimmed(form.summary),
      description: trimmed(form.description),
      feeAmount,
      feeText: trimmed(form.feeText),
      processingDays: Number(form.processingDays.trim()),
      appointmentRequired: form.appointmentRequired,
      onlineApplication: form.onlineApplication,
      active: form.active,
      requiredDocuments: form.documents.map((doc) => ({
        name: { de: doc.de.trim(), en: doc.en.trim() },
        uploadForOnline: doc.uploadForOnline,
      })),
      costModel,
    },
  };
}

/**
 * Our field of an API error (`requiredDocuments[1].name.en`, `costModel.staffHourlyRate`, `feeText.de`),
 * as `serviceChangeOf` names them.
 */
export function formFieldOfApi(field: string): string {
  return field
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^requiredDocuments\.(\d+)\.name\./, 'documents.$1.')
    .replace(/^costModel\./, 'cost.');
}
