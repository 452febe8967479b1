import { describe, expect, it } from 'vitest';
import { displayLines, formatDate } from './display';
import { describeField } from './fieldModel';
import { germanTexts, testForm } from './testing';

const field = (name: string, locale: 'de' | 'en' = 'de') =>
  describeField(
    testForm,
    testForm.ui.sections.flatMap((s) => s.fields).find((f) => f.name === name)!,
    {},
    { locale, texts: germanTexts },
  );

describe('answers as they read', () => {
  it('shows option labels, Ja/Nein, dates and numbers in the language', () => {
    expect(displayLines(field('vehicleHolder'), 'company', 'de', germanTexts)).toEqual(['Eine Firma']);
    expect(displayLines(field('newsletter'), false, 'de', germanTexts)).toEqual(['Nein']);
    expect(displayLines(field('topics'), ['parking', 'waste'], 'de', germanTexts)).toEqual([
      'Parken',
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

  it('shows a choice by the ui’s label in the language, else by its title or value', () => {
    expect(displayLines(field('topics', 'en'), ['waste', 'parking'], 'en', germanTexts)).toEqual([
      'waste',
      'Parking',
    ]);
    const holder = describeField(
      testForm,
      {
        name: 'vehicleHolder',
        label: { de: 'Halter', en: 'Keeper' },
        options: { other: { de: 'Eine andere Person', en: 'Someone else' } },
      },
      {},
      { locale: 'en', texts: germanTexts },
    );
    expect(displayLines(holder, 'other', 'en', germanTexts)).toEqual(['Someone else']);
    expect(displayLines(holder, 'company', 'en', germanTexts)).toEqual(['Eine Firma']);
    // a value the form does not offer (an older version's) reads as it is
    expect(displayLines(holder, 'unknown', 'en', germanTexts)).toEqual(['unknown']);
  });

  it('shows a date as typed when it is none', () => {
    expect(formatDate('31.2.2024', 'de')).toBe('31.2.2024');
  });
});
