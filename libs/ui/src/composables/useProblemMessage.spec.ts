import { mount } from '@vue/test-utils';
import { defineComponent } from 'vue';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins, type UiLocale } from '../i18n';
import { isProblem, useProblemMessage } from './useProblemMessage';

function describer(locale: UiLocale = 'de') {
  let describe!: ReturnType<typeof useProblemMessage>;
  mount(
    defineComponent({
      setup() {
        describe = useProblemMessage();
        return () => null;
      },
    }),
    { global: { plugins: uiTestPlugins(locale) } },
  );
  return describe;
}

/** The shape of the API client's ApiProblem (the library does not import the client). */
class Problem extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly detail?: string,
  ) {
    super(detail ?? type);
  }
}

describe('useProblemMessage', () => {
  it('prefers the page’s own sentence for a problem type', () => {
    expect(
      describer()(new Problem('slot-unavailable', 409), { 'slot-unavailable': 'Gerade vergeben.' }),
    ).toBe('Gerade vergeben.');
  });

  it('has a sentence with a way forward for network failures, limits and server errors, in each language', () => {
    const describe = describer();
    expect(describe(new Problem('network-error', 0))).toContain('Internetverbindung');
    expect(describe(new Problem('too-many-requests', 429))).toContain('warten Sie');
    expect(describe(new Problem('internal', 500))).toContain('nicht verloren');
    expect(describe(new Problem('whatever', 503))).toContain('nicht verfügbar');
    expect(describe(new Problem('gone', 404))).toContain('nicht gefunden');
    expect(describer('en')(new Problem('network-error', 0))).toContain('internet connection');
  });

  it('falls back to the API’s own detail (in the request’s language), never to a raw status', () => {
    const describe = describer();
    expect(describe(new Problem('booking-limit', 409, 'Sie haben schon zwei Termine.'))).toBe(
      'Sie haben schon zwei Termine.',
    );
    const generic = describe(new Problem('odd', 418));
    expect(generic).toBe('Das hat leider nicht geklappt. Bitte versuchen Sie es erneut.');
    expect(describe(new Error('boom'))).toBe(generic);
    expect(describe('boom')).toBe(generic);
  });

  it('knows an API problem by its shape', () => {
    expect(isProblem(new Problem('x', 400))).toBe(true);
    expect(isProblem(new TypeError('Failed to fetch'))).toBe(false);
    expect(isProblem({ type: 'x', status: 400 })).toBe(false);
  });
});
