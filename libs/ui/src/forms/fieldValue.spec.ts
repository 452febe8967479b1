import { describe, expect, it } from 'vitest';
import {
  choiceOf,
  choicesOf,
  datePartsOf,
  numberText,
  textOf,
  valueOfChoice,
  valueOfChoices,
  valueOfDateParts,
  valueOfNumberText,
  valueOfText,
} from './fieldValue';
import { describeField } from './fieldModel';
import { germanTexts, testForm } from './testing';

const field = (name: string) =>
  describeField(
    testForm,
    testForm.ui.sections.flatMap((s) => s.fields).find((f) => f.name === name)!,
    {},
    { locale: 'de', texts: germanTexts },
  );

describe('field values', () => {
  it('treats an empty text as no answer', () => {
    expect(valueOfText('')).toBeUndefined();
    expect(valueOfText(' x ')).toBe(' x ');
    expect(textOf(undefined)).toBe('');
    expect(textOf(17)).toBe('17');
  });

  it('reads numbers with a decimal comma or point, and keeps anything else as typed', () => {
    expect(valueOfNumberText('2,5', false)).toBe(2.5);
    expect(valueOfNumberText(' 2.5 ', false)).toBe(2.5);
    expect(valueOfNumberText('1 000', true)).toBe(1000);
    expect(valueOfNumberText('2,5', true)).toBe('2,5');
    expect(valueOfNumberText('zwei', true)).toBe('zwei');
    expect(valueOfNumberText('  ', true)).toBeUndefined();
    expect(numberText(2.5, 'de')).toBe('2,5');
    expect(numberText(2.5, 'en')).toBe('2.5');
    expect(numberText('zwei', 'de')).toBe('zwei');
  });

  it('keeps a date that does not exist as typed, so it is reported and survives a return', () => {
    expect(valueOfDateParts({ day: '5', month: '3', year: '1990' })).toBe('1990-03-05');
    expect(valueOfDateParts({ day: '31', month: '2', year: '2024' })).toBe('31.2.2024');
    expect(valueOfDateParts({ day: '', month: '', year: '' })).toBeUndefined();
    expect(datePartsOf('31.2.2024')).toEqual({ day: '31', month: '2', year: '2024' });
    expect(datePartsOf('1990-03-05')).toEqual({ day: '5', month: '3', year: '1990' });
    expect(datePartsOf(undefined)).toEqual({ day: '', month: '', year: '' });
  });

  it('maps choices to their options and back', () => {
    const holder = field('vehicleHolder');
    expect(choiceOf(holder, 'company')).toBe('1');
    expect(choiceOf(holder, 'nobody')).toBe('');
    expect(valueOfChoice(holder, '2')).toBe('other');
    expect(valueOfChoice(holder, '')).toBeUndefined();
    const topics = field('topics');
    expect(choicesOf(topics, ['waste'])).toEqual(['1']);
    expect(valueOfChoices(topics, ['0', '1'])).toEqual(['parking', 'waste']);
    expect(valueOfChoices(topics, [])).toBeUndefined();
  });
});
