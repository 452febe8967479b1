import { DomainProblem, type ProblemTable } from './problem';

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
});
