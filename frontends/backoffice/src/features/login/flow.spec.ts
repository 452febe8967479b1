import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import { boxedRefusal, destination, nextStep } from './flow';

describe('the log-in flow', () => {
  it('ends where the person came from, if that is a path of this app, else on the day’s page', () => {
    expect(destination('/heute?x=1')).toBe('/heute?x=1');
    expect(destination('//evil.example/')).toEqual({ name: 'today' });
    expect(destination(undefined)).toEqual({ name: 'today' });
  });

  it('goes on by identity’s answer: logged in, the code, the set-up of TOTP, or a resident refused', () => {
    expect(nextStep({ kind: 'ok' }, '/heute')).toEqual({ kind: 'go', to: '/heute' });
    expect(nextStep({ kind: 'totp-required' }, '/heute')).toEqual({ kind: 'code' });
    expect(nextStep({ kind: 'enrollment-required' }, '/heute')).toEqual({
      kind: 'enroll',
      to: { name: 'enroll', query: { weiter: '/heute' } },
    });
    expect(nextStep({ kind: 'enrollment-required' }, 'https://evil.example')).toEqual({
      kind: 'enroll',
      to: { name: 'enroll', query: {} },
    });
    expect(nextStep({ kind: 'citizen' }, '/heute')).toEqual({ kind: 'citizen' });
  });

  it('explains locks, disabled access and failures in a box; an unconfirmed address is a resident', () => {
    const refusal = (type: string, status: number) => new ApiProblem({ type, title: type, status });
    expect(boxedRefusal(refusal('email-not-verified', 403), false)).toEqual({ kind: 'citizen' });
    expect(boxedRefusal(refusal('account-disabled', 403), false)).toEqual({ kind: 'account-disabled' });
    expect(boxedRefusal(refusal('account-locked', 429), false)).toEqual({
      kind: 'account-locked',
      until: null,
    });
    const network = ApiProblem.network(new TypeError('offline'));
    expect(boxedRefusal(network, true)).toEqual({ kind: 'other', error: network });
  });
});
