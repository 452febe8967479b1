import { mount } from '@vue/test-utils';
import { defineComponent } from 'vue';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import { i18n, setLocale } from '../i18n';
import { useProblemMessage } from './useProblemMessage';

function describer() {
  let describe!: ReturnType<typeof useProblemMessage>;
  mount(
    defineComponent({
      setup() {
        describe = useProblemMessage();
        return () => null;
      },
    }),
    { global: { plugins: [i18n] } },
  );
  return describe;
}

const problem = (type: string, status: number, detail?: string) =>
  new ApiProblem({ type, title: type, status, ...(detail ? { detail } : {}) });

describe('useProblemMessage', () => {
  it('prefers the page’s own sentence for a problem type', () => {
    setLocale('de');
    const describe = describer();
    expect(describe(problem('slot-unavailable', 409), { 'slot-unavailable': 'Gerade vergeben.' })).toBe(
      'Gerade vergeben.',
    );
  });

  it('has a sentence with a way forward for network failures, limits and server errors, in each language', () => {
    setLocale('de');
    const describe = describer();
    expect(describe(ApiProblem.network(new TypeError('Failed to fetch')))).toContain('Internetverbindung');
    expect(describe(problem('too-many-requests', 429))).toContain('warten Sie');
    expect(describe(problem('internal', 500))).toContain('nicht verloren');
    expect(describe(problem('whatever', 503))).toContain('nicht verfügbar');
    setLocale('en');
    expect(describe(ApiProblem.network(new TypeError('Failed to fetch')))).toContain('internet connection');
    setLocale('de');
  });

  it('falls back to the API’s own detail (in the request’s language), never to a raw status', () => {
    setLocale('de');
    const describe = describer();
    expect(describe(problem('booking-limit', 409, 'Sie haben schon zwei Termine.'))).toBe(
      'Sie haben schon zwei Termine.',
    );
    expect(describe(problem('odd', 418))).toBe(i18n.global.t('problems.generic'));
    expect(describe(new Error('boom'))).toBe(i18n.global.t('problems.generic'));
  });
});
