import { type LoginFailure, loginFailure } from '@buergeramt/api-client';
import { safeReturnPath } from '@buergeramt/ui';
import type { RouteLocationRaw } from 'vue-router';
import { RETURN_PARAM, START_ROUTE } from '../../router/names';
import type { LoginOutcome } from '../../stores/session';

/** Where a log-in ends: the path the person came from (of this app only), else the day's page. */
export function destination(returnTo: unknown): RouteLocationRaw {
  return safeReturnPath(returnTo) ?? { name: START_ROUTE };
}

/** What the log-in page does once identity has answered the credentials (or the code). */
export type NextStep =
  | { kind: 'go'; to: RouteLocationRaw }
  | { kind: 'code' }
  | { kind: 'enroll'; to: RouteLocationRaw }
  | { kind: 'citizen' };

export function nextStep(outcome: LoginOutcome, returnTo: unknown): NextStep {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'go', to: destination(returnTo) };
    case 'totp-required':
      return { kind: 'code' };
    case 'enrollment-required': {
      // on to the set-up, which keeps where the person wanted to be
      const back = safeReturnPath(returnTo);
      return { kind: 'enroll', to: { name: 'enroll', query: back ? { [RETURN_PARAM]: back } : {} } };
    }
    case 'citizen':
      return { kind: 'citizen' };
  }
}

/** A failed log-in the back office explains in a box of its own: identity's refusals, or a resident. */
export type BackOfficeRefusal =
  | Exclude<LoginFailure, { kind: 'email-not-verified' | 'invalid-credentials' | 'invalid-code' }>
  | { kind: 'citizen' };

/**
 * What the page explains of a refusal the log-in form does not show at its fields (wrong credentials and
 * a wrong code are there): locked until when, disabled, a failure of the service. An address not yet
 * confirmed is a resident's account: staff confirm theirs with the invitation.
 */
export function boxedRefusal(error: unknown, withCode: boolean): BackOfficeRefusal {
  const failure = loginFailure(error, withCode);
  switch (failure.kind) {
    case 'email-not-verified':
      return { kind: 'citizen' };
    case 'invalid-credentials':
    case 'invalid-code':
      return { kind: 'other', error };
    case 'account-locked':
    case 'account-disabled':
    case 'other':
      return failure;
  }
}
