import { describe, expect, it } from 'vitest';
import { getValue, hasAnswer, parsePath, sameValue, setValue } from './paths';

describe('form value paths', () => {
  it('parses dotted names with array indices', () => {
    expect(parsePath('applicant.birthDate')).toEqual(['applicant', 'birthDate']);
    expect(parsePath('children[0].name')).toEqual(['children', 0, 'name']);
    expect(parsePath('matrix[1][2]')).toEqual(['matrix', 1, 2]);
  });

  it('reads values, undefined where there is none', () => {
    const values = { applicant: { givenName: 'Erika' }, children: [{ name: 'Ida' }] };
    expect(getValue(values, 'applicant.givenName')).toBe('Erika');
    expect(getValue(values, 'children[0].name')).toBe('Ida');
    expect(getValue(values, 'children[1].name')).toBeUndefined();
    expect(getValue(values, 'applicant.givenName.length')).toBeUndefined();
    expect(getValue(values, 'toString')).toBeUndefined();
  });

  it('sets a value in a copy, creating objects and arrays on the way', () => {
    const values = { applicant: { givenName: 'Erika' } };
    const next = setValue(values, 'applicant.familyName', 'Mustermann');
    expect(next).toEqual({ applicant: { givenName: 'Erika', familyName: 'Mustermann' } });
    expect(values).toEqual({ applicant: { givenName: 'Erika' } });
    expect(setValue({}, 'children[1].name', 'Ole')).toEqual({ children: [{}, { name: 'Ole' }] });
  });

  it('removes a property or an array entry for undefined, and changes nothing when it is not there', () => {
    expect(setValue({ a: { b: 1, c: 2 } }, 'a.b', undefined)).toEqual({ a: { c: 2 } });
    expect(setValue({ list: [{ x: 1 }, { x: 2 }] }, 'list[0]', undefined)).toEqual({ list: [{ x: 2 }] });
    const values = { a: 1 };
    expect(setValue(values, 'b.c', undefined)).toBe(values);
  });

  it('compares JSON values by content', () => {
    expect(sameValue({ a: [1, { b: true }] }, { a: [1, { b: true }] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });

  it('tells an answer from an empty value', () => {
    for (const empty of [undefined, null, '', [], {}, { a: '' }, [{}]]) expect(hasAnswer(empty)).toBe(false);
    for (const answer of ['x', 0, false, ['a'], { a: { b: 1 } }]) expect(hasAnswer(answer)).toBe(true);
  });
});
