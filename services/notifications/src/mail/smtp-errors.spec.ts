import { classifySmtpError } from './smtp-errors';

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 451, message: '451 try later' }, false, 451],
    [{ responseCode: 421, message: '421 closing' }, false, 421],
    [{ responseCode: 550, message: '550 no such user' }, true, 550],
    [{ responseCode: 554, message: '554 refused' }, true, 554],
    [{ code: 'ESOCKET', message: 'connect ECONNREFUSED' }, false, null],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, false, null],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, true, null],
    ['a string', false, null],
  ])('%j → permanent %s, code %s', (error, permanent, code) => {
    expect(classifySmtpError(error)).toMatchObject({ permanent, code });
  });
});
