import { createHmac } from 'node:crypto';
import { FeedbackTokens, personRef } from '@buergeramt/platform';
import { personKey } from './feedback-tokens';

describe('feedback tokens', () => {
  const tokens = new FeedbackTokens('s'.repeat(32));

  it('is v1. + base64url(HMAC-SHA256(secret, "feedback.v1|type|id|person")), as the README documents', () => {
    const expected = createHmac('sha256', 's'.repeat(32))
      .update('feedback.v1|appointment|a-1|user:u-1')
      .digest('base64url');
    expect(tokens.sign('appointment', 'a-1', { userId: 'u-1' })).toBe(`v1.${expected}`);
  });

  it('binds subject and person: another subject, person, type or secret does not verify', () => {
    const token = tokens.sign('application', 'x-1', { email: ' Guest@Example.org ' });
    expect(tokens.verify(token, 'application', 'x-1', { email: 'guest@example.org' })).toBe(true);
    expect(tokens.verify(token, 'application', 'x-2', { email: 'guest@example.org' })).toBe(false);
    expect(tokens.verify(token, 'appointment', 'x-1', { email: 'guest@example.org' })).toBe(false);
    expect(tokens.verify(token, 'application', 'x-1', { email: 'other@example.org' })).toBe(false);
    expect(
      new FeedbackTokens('t'.repeat(32)).verify(token, 'application', 'x-1', { email: 'guest@example.org' }),
    ).toBe(false);
    expect(tokens.verify('v1.short', 'application', 'x-1', { email: 'guest@example.org' })).toBe(false);
  });

  it('names people by account, or by normalised address (hashed for the weekly limit)', () => {
    expect(personRef({ userId: 'u' })).toBe('user:u');
    expect(personRef({ email: 'A@B.de' })).toBe('email:a@b.de');
    expect(personKey({ email: 'A@B.de' })).toMatch(/^email:[0-9a-f]{64}$/);
    expect(personKey({ email: 'A@B.de' })).toBe(personKey({ email: 'a@b.de ' }));
  });
});
