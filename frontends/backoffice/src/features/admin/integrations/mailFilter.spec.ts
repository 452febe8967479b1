import { describe, expect, it } from 'vitest';
import { mailFilterFromQuery } from './mailFilter';

describe('the mail log filter in the URL', () => {
  it('reads status and kind', () => {
    expect(mailFilterFromQuery({ status: 'failed', art: 'staff-invitation' })).toEqual({
      status: 'failed',
      kind: 'staff-invitation',
    });
  });

  it('drops unknown values and takes the first of repeated ones', () => {
    expect(mailFilterFromQuery({ status: 'lost', art: ['password-reset', 'x'] })).toEqual({
      kind: 'password-reset',
    });
    expect(mailFilterFromQuery({})).toEqual({});
  });
});
