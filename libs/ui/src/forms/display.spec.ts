import { describe, expect, it } from 'vitest';
import { displayLines, formatDate } from './display';
import { describeField } from './fieldModel';
import { germanTexts, testForm } from './testing';

const field = (name: string) =>
  describeField(
    testForm,
    testForm.ui.sections.flatMap((s) => s.fields).find((f) => f.name === name)!,
    {},
    { locale: 'de', texts: germanTexts },
  );

describe('answers as they read', () => {
  it('shows option labels, Ja/Nein, dates and numbers in the language', () => {
    expect(displayLines(field('vehicleHolder'), 'company', 'de', germanTexts)).toEqual(['Eine Firma']);
    expect(displayLines(field('newsletter'), false, 'de', germanTexts)).toEqual(['Nein']);
    expect(displayLines(field('topics'), ['parking', 'waste'], 'de', germanTexts)).toEqual([
      'parking',
      'waste',
    ]);
    expect(displayLines(field('applicant.birthDate'), '1964-08-12', 'de', germanTexts)).toEqual([
      '12. August 1964',
    ]);
    expect(displayLines(field('applicant.birthDate'), '1964-08-12', 'en', germanTexts)).toEqual([
      '12 August 1964',
    ]);
    expect(displayLines(field('share'), 1234.5, 'de', germanTexts)).toEqual(['1.234,5']);
    expect(displayLines(field('remarks'), 'a\nb', 'de', germanTexts)).toEqual(['a', 'b']);
    expect(displayLines(field('holderName'), undefined, 'de', germanTexts)).toEqual([]);
  });

  it('shows a date as typed when it is none', () => {
    expect(formatDate('31.2.2024', 'de')).toBe('31.2.2024');
  });
});
