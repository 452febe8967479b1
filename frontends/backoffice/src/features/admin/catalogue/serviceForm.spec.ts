import { describe, expect, it } from 'vitest';
import type { CatalogueService } from '../api';
import { formFieldOfApi, parseAmount, serviceChangeOf, serviceFormOf } from './serviceForm';

const service: CatalogueService = {
  id: 's1',
  slug: 'personalausweis',
  leikaKey: null,
  name: { de: 'Personalausweis', en: 'Identity card' },
  summary: { de: 'Beantragen', en: 'Apply' },
  description: { de: 'Text', en: 'Text' },
  synonyms: [],
  feeAmount: 37,
  feeText: { de: '37,00 €', en: '€37.00' },
  requiredDocuments: [{ name: { de: 'Foto', en: 'Photo' }, uploadForOnline: true }],
  processingDays: 21,
  appointmentRequired: true,
  onlineApplication: false,
  costModel: null,
  active: true,
  demo: false,
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('the service form', () => {
  it('round-trips a service: the body carries what was there, no cost model stays null', () => {
    const { body, errors } = serviceChangeOf(serviceFormOf(service));
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      name: service.name,
      feeAmount: 37,
      processingDays: 21,
      requiredDocuments: service.requiredDocuments,
      costModel: null,
    });
  });

  it('reads amounts with a comma or a point, two decimals at most', () => {
    expect(parseAmount('46,50')).toBe(46.5);
    expect(parseAmount('58.5')).toBe(58.5);
    expect(parseAmount('1,234')).toBeNull();
    expect(parseAmount('zehn')).toBeNull();
  });

  it('the cost model is all or nothing, each input checked (cost model of decision 29)', () => {
    const form = serviceFormOf(service);
    form.cost.counterStaffMinutes = '15';
    form.cost.staffHourlyRate = '58,5';
    form.cost.onlineStaffMinutes = 'sechs';
    expect(serviceChangeOf(form).errors).toEqual({
      'cost.onlineStaffMinutes': 'wholeNumber',
      'cost.counterResidentMinutes': 'costIncomplete',
      'cost.onlineResidentMinutes': 'costIncomplete',
    });
    Object.assign(form.cost, {
      onlineStaffMinutes: '6',
      counterResidentMinutes: '75',
      onlineResidentMinutes: '15',
    });
    expect(serviceChangeOf(form).body?.costModel).toEqual({
      counterStaffMinutes: 15,
      onlineStaffMinutes: 6,
      counterResidentMinutes: 75,
      onlineResidentMinutes: 15,
      staffHourlyRate: 58.5,
    });
  });

  it('names each missing text and document by its field', () => {
    const form = serviceFormOf(service);
    form.name.en = ' ';
    form.documents.push({ de: 'Meldebescheinigung', en: '', uploadForOnline: false });
    form.processingDays = '2 Wochen';
    expect(serviceChangeOf(form)).toEqual({
      errors: { 'name.en': 'required', processingDays: 'wholeNumber', 'documents.1.en': 'required' },
    });
  });

  it('maps the API fields of a 422 onto the form', () => {
    expect(formFieldOfApi('requiredDocuments[1].name.en')).toBe('documents.1.en');
    expect(formFieldOfApi('/costModel/staffHourlyRate')).toBe('cost.staffHourlyRate');
    expect(formFieldOfApi('feeText.de')).toBe('feeText.de');
  });
});
