import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearAnnouncements, UiAnnouncer } from '@buergeramt/ui';
import { i18n, setLocale } from '../../i18n';
import { session } from '../../services/api';
import { useWorkplaceStore } from '../../stores/workplace';
import CallUpPanel from './CallUpPanel.vue';
import {
  appointment,
  clerkLogin,
  COUNTER,
  json,
  LOCATION,
  problem,
  SERVICE,
  stubApi,
  ticket,
} from './testing';

const CALL_NEXT = `POST /locations/${LOCATION}/counters/${COUNTER}/call-next`;
const called = ticket('T001', {
  status: 'called',
  counter: 'Schalter 2',
  appointmentId: 'appointment-1',
  calledAt: '2026-12-07T08:32:00.000Z',
});

let wrapper: VueWrapper | undefined;
let announcer: VueWrapper | undefined;

function render(): VueWrapper {
  announcer = mount(UiAnnouncer);
  wrapper = mount(CallUpPanel, {
    attachTo: document.body,
    props: {
      counterName: 'Schalter 2',
      appointments: [appointment(1, { name: 'Erika Mustermann' })],
      services: [
        {
          serviceId: SERVICE,
          name: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
          waiting: 0,
          estimatedWaitMinutes: 0,
        },
      ],
    },
    global: { plugins: [i18n] },
  });
  return wrapper;
}

const button = (w: VueWrapper, step: string) => w.get(`button[data-step="${step}"]`);
const unavailable = (w: VueWrapper) =>
  w
    .findAll('button[data-step]')
    .filter((b) => b.attributes('aria-disabled') === 'true')
    .map((b) => b.attributes('data-step'));
const shortcut = () =>
  document.body.dispatchEvent(
    new KeyboardEvent('keydown', {
      code: 'KeyN',
      key: 'N',
      altKey: true,
      shiftKey: true,
      bubbles: true,
      cancelable: true,
    }),
  );
const announced = async () => {
  await vi.advanceTimersByTimeAsync(200);
  return announcer?.get('[data-politeness="polite"]').text();
};

describe('the call-up panel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setLocale('de');
    window.localStorage.clear();
    setActivePinia(createPinia());
    useWorkplaceStore().choose(LOCATION, COUNTER);
    session.start(clerkLogin());
    clearAnnouncements();
  });
  afterEach(() => {
    wrapper?.unmount();
    announcer?.unmount();
    session.end('logout', false);
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('offers "call next" with its shortcut shown, the other steps unavailable and why', () => {
    const w = render();
    expect(w.get('h2').text()).toBe('Aufruf an Schalter 2');
    expect(w.text()).toContain('Niemand ist an Ihrem Schalter aufgerufen.');
    expect(button(w, 'call-next').text()).toContain('Alt+Umschalt+N');
    expect(button(w, 'call-next').attributes('aria-keyshortcuts')).toBe('Alt+Shift+N');
    expect(button(w, 'call-next').classes()).toContain('ui-button--primary');
    expect(unavailable(w)).toEqual(['recall', 'start', 'complete', 'no-show']);
    expect(button(w, 'start').attributes('aria-describedby')).toBe('call-up-help');
    expect(w.get('#call-up-help').text()).toContain(
      'Die anderen Schaltflächen gelten erst für eine aufgerufene Nummer',
    );
  });

  it('calls by the shortcut, shows who comes, and explains why calling again must wait', async () => {
    stubApi({ [CALL_NEXT]: [json(200, called)] });
    const w = render();
    shortcut();
    await flushPromises();
    expect(w.get('.office-number').text()).toBe('T001');
    expect(w.get('.call-up__who').text()).toBe('Erika Mustermann, Personalausweis beantragen');
    expect(w.text()).toContain('Aufgerufen um 09:32 Uhr');
    expect(await announced()).toBe('T001 ist aufgerufen.');
    expect(unavailable(w)).toEqual(['call-next']);
    expect(button(w, 'start').classes()).toContain('ui-button--primary');

    // pressed again: nothing is sent, the reason is announced
    shortcut();
    await flushPromises();
    expect(await announced()).toContain('Die nächste Person rufen Sie auf, sobald T001 abgeschlossen ist.');
  });

  it('says calmly that nobody waits', async () => {
    stubApi({ [CALL_NEXT]: [json(204)] });
    const w = render();
    await button(w, 'call-next').trigger('click');
    await flushPromises();
    expect(w.get('.call-up__outcome').text()).toContain('Niemand wartet gerade.');
    expect(w.find('[role="alert"]').exists()).toBe(false);
  });

  it('explains a step refused because the ticket changed elsewhere', async () => {
    stubApi({
      [CALL_NEXT]: [json(200, called)],
      'POST /tickets/ticket-T001/start': [problem(409, 'ticket-state')],
    });
    const w = render();
    await button(w, 'call-next').trigger('click');
    await flushPromises();
    await button(w, 'start').trigger('click');
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toContain(
      'T001 wurde inzwischen an anderer Stelle geändert (in einem anderen Fenster oder automatisch).',
    );
  });
});
