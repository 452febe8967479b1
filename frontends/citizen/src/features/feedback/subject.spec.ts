import { describe, expect, it } from 'vitest';
import { commentLength, commentToSend, feedbackSubject } from './subject';

const ID = '0192f0c4-7d1e-7aa0-9a3b-1c2d3e4f5a6b';

describe('the feedback page’s address', () => {
  it('reads the mail’s one-click link: what is rated, the rating chosen and the token', () => {
    expect(
      feedbackSubject({
        subjectType: 'appointment',
        subjectId: ID.toUpperCase(),
        rating: '4',
        token: 'abc.def',
      }),
    ).toEqual({ subjectType: 'appointment', subjectId: ID, rating: 4, token: 'abc.def' });
  });

  it('reads the inbox’s and the appointment page’s link (logged in) without rating or token', () => {
    expect(feedbackSubject({ subjectType: 'application', subjectId: ID })).toEqual({
      subjectType: 'application',
      subjectId: ID,
      rating: null,
      token: null,
    });
  });

  it('ignores a rating out of range and refuses a link without a subject it could rate', () => {
    expect(feedbackSubject({ subjectType: 'appointment', subjectId: ID, rating: '9' })?.rating).toBeNull();
    expect(feedbackSubject({ subjectType: 'appointment', subjectId: ID, rating: '2.5' })?.rating).toBeNull();
    expect(feedbackSubject({ subjectType: 'appointment' })).toBeNull();
    expect(feedbackSubject({ subjectType: 'ticket', subjectId: ID })).toBeNull();
    expect(feedbackSubject({ subjectType: 'appointment', subjectId: 'not-an-id' })).toBeNull();
    expect(feedbackSubject({})).toBeNull();
  });
});

describe('the comment', () => {
  it('is sent trimmed and left out when empty', () => {
    expect(commentToSend('  Freundlich und schnell.  ')).toBe('Freundlich und schnell.');
    expect(commentToSend('   ')).toBeUndefined();
  });

  it('counts characters as the API does (an emoji is one)', () => {
    expect(commentLength('Danke 👍')).toBe(7);
  });
});
