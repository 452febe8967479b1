import { DomainProblem, type ProblemDefinition, type ProblemTable, textIn } from './problem';

type Code = 'thing-taken' | 'thing-not-found' | 'file-missing';

const TABLE: ProblemTable<Code> = {
  'thing-taken': { status: 409, title: 'The thing is taken' },
  'thing-not-found': { status: 404, type: 'not-found', title: 'Not found', detail: 'No such thing.' },
  'file-missing': {
    status: 422,
    type: 'validation-failed',
    title: 'Invalid',
    extensions: { errors: [{ field: 'file', message: 'required' }] },
  },
};

describe('DomainProblem (a service’s problem table)', () => {
  it('answers with the row of its code: the code is the type unless the row names another', () => {
    const taken = new DomainProblem(TABLE, 'thing-taken', 'Someone else has it.');
    expect(taken.getStatus()).toBe(409);
    expect(taken.getResponse()).toEqual({
      type: 'thing-taken',
      title: 'The thing is taken',
      detail: 'Someone else has it.',
    });
    expect(taken.code).toBe('thing-taken');
    expect(new DomainProblem(TABLE, 'thing-not-found').getResponse()).toMatchObject({
      type: 'not-found',
      detail: 'No such thing.',
    });
  });

  it('carries the row’s extensions, and the caller’s beside them', () => {
    expect(new DomainProblem(TABLE, 'file-missing', undefined, { hint: 'x' }).getResponse()).toEqual({
      type: 'validation-failed',
      title: 'Invalid',
      detail: undefined,
      errors: [{ field: 'file', message: 'required' }],
      hint: 'x',
    });
  });

  it('answers a row with a title per language, and a detail per language, in the locale it is raised in', () => {
    const table: ProblemTable<'thing-gone'> = {
      'thing-gone': {
        status: 410,
        title: { de: 'Das Ding ist weg', en: 'The thing is gone' },
        detail: { de: 'Es wurde gelöscht.', en: 'It was deleted.' },
      },
    };
    expect(new DomainProblem(table, 'thing-gone').getResponse()).toEqual({
      type: 'thing-gone',
      title: 'Das Ding ist weg',
      detail: 'Es wurde gelöscht.',
    });
    const en = new DomainProblem(table, 'thing-gone', { de: 'Vorhin.', en: 'Just now.' }, {}, 'en');
    expect(en.getResponse()).toEqual({ type: 'thing-gone', title: 'The thing is gone', detail: 'Just now.' });
    expect(en.text).toEqual({ de: 'Vorhin.', en: 'Just now.' });
    expect(en.locale).toBe('en');
    // plain strings are the same in every language
    expect(new DomainProblem(TABLE, 'thing-taken', 'Mine.', {}, 'en').getResponse()).toMatchObject({
      title: 'The thing is taken',
      detail: 'Mine.',
    });
    expect(textIn('same', 'de')).toBe('same');
    expect(textIn(undefined, 'en')).toBeUndefined();
  });

  it('takes rows with more columns of a service’s own', () => {
    interface Row extends ProblemDefinition {
      hint?: string;
    }
    const table: ProblemTable<'thing-taken', Row> = {
      'thing-taken': { status: 409, title: 'Taken', hint: 'ask' },
    };
    expect(table['thing-taken'].hint).toBe('ask');
    expect(new DomainProblem(table, 'thing-taken').getResponse()).toEqual({
      type: 'thing-taken',
      title: 'Taken',
      detail: undefined,
    });
  });
});
