import { basicCredentials } from './api-clients.controller';

describe('basicCredentials (RFC 6749 §2.3.1)', () => {
  const basic = (raw: string): string => `Basic ${Buffer.from(raw).toString('base64')}`;

  it('reads form-urlencoded id and secret', () => {
    expect(basicCredentials(basic('cl_1:s3cr%3At'))).toEqual({ id: 'cl_1', secret: 's3cr:t' });
    expect(basicCredentials(basic('a+b:c'))).toEqual({ id: 'a b', secret: 'c' });
  });

  it('gives null for other schemes and malformed values', () => {
    expect(basicCredentials(undefined)).toBeNull();
    expect(basicCredentials('Bearer abc')).toBeNull();
    expect(basicCredentials(basic('no-colon'))).toBeNull();
    expect(basicCredentials(basic('%E0%A4%A:x'))).toBeNull();
  });
});
