import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale } from '../../i18n';
import FeedbackView from './FeedbackView.vue';

const ID = '0192f0c4-7d1e-7aa0-9a3b-1c2d3e4f5a6b';
const Empty = { template: '<h1>elsewhere</h1>' };

interface Sent {
  url: URL;
  body: unknown;
}

let wrapper: VueWrapper | undefined;
let sent: Sent[] = [];

/** The feedback page at `query`, with POST /feedback answering `status` and `body`. */
async function render(
  query: Record<string, string>,
  answer: { status: number; body?: unknown } = { status: 201 },
): Promise<VueWrapper> {
  sent = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname !== '/api/v1/feedback' || input.method !== 'POST')
      throw new TypeError(`unexpected request ${input.method} ${url.pathname}`);
    sent.push({ url, body: await input.json() });
    if (answer.status === 0) throw new TypeError('Failed to fetch');
    const problem = answer.status >= 400;
    return new Response(JSON.stringify(answer.body ?? { id: 'f', subjectId: ID }), {
      status: answer.status,
      headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    });
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/feedback', name: 'feedback', component: FeedbackView },
      { path: '/', name: 'home', component: Empty },
      { path: '/termine', name: 'my-appointments', component: Empty },
    ],
  });
  await router.push({ name: 'feedback', query });
  wrapper = mount(
    { template: '<main id="main"><RouterView /></main>' },
    { attachTo: document.body, global: { plugins: [createPinia(), i18n, router] } },
  );
  await flushPromises();
  return wrapper;
}

const problem = (status: number, type: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { type, title: type, status, ...extra },
});

async function send(w: VueWrapper): Promise<void> {
  await w.get('form').trigger('submit');
  await flushPromises();
}

const heading = (w: VueWrapper): string => w.get('h1').text();

describe('the feedback page', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('takes the rating chosen in the mail, sends it with the comment and the token, and thanks', async () => {
    const w = await render({ subjectType: 'appointment', subjectId: ID, rating: '4', token: 'mail-token' });
    expect(heading(w)).toBe('Ihren Termin bewerten');
    // a radio group with text labels, very satisfied first
    const labels = w.findAll('.ui-choices__label').map((label) => label.text());
    expect(labels).toEqual([
      'Sehr zufrieden',
      'Zufrieden',
      'Teils, teils',
      'Unzufrieden',
      'Sehr unzufrieden',
    ]);
    expect((w.get('input[value="4"]').element as HTMLInputElement).checked).toBe(true);
    expect(w.text()).toContain('Sie haben in der E-Mail „Zufrieden“ gewählt.');
    // the comment's limit is shown
    expect(w.get('[data-testid="character-count"]').text()).toBe('Noch 2000 Zeichen');

    await w.get('textarea').setValue('  Freundlich und schnell.  ');
    await send(w);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.searchParams.get('token')).toBe('mail-token');
    expect(sent[0]?.body).toEqual({
      subjectType: 'appointment',
      subjectId: ID,
      rating: 4,
      comment: 'Freundlich und schnell.',
    });
    expect(heading(w)).toBe('Vielen Dank für Ihre Bewertung');
    expect(document.activeElement?.tagName).toBe('H1');
    expect(w.find('form').exists()).toBe(false);
  });

  it('asks for a rating before sending anything, in the error summary and at the field', async () => {
    const w = await render({ subjectType: 'application', subjectId: ID });
    expect(heading(w)).toBe('Die Bearbeitung Ihres Antrags bewerten');
    await send(w);
    expect(sent).toHaveLength(0);
    expect(w.get('.ui-error-summary').text()).toContain('Wählen Sie aus, wie zufrieden Sie waren');
    expect(w.get('.ui-form-group--error').text()).toContain('Wählen Sie aus, wie zufrieden Sie waren');
    expect(document.title).toMatch(/^Fehler: /);

    await w.get('input[value="2"]').setValue(true);
    await send(w);
    // no comment: none is sent; logged in, no token
    expect(sent[0]?.body).toEqual({ subjectType: 'application', subjectId: ID, rating: 2 });
    expect(sent[0]?.url.searchParams.has('token')).toBe(false);
  });

  it('says kindly that the appointment was rated before (409 feedback-exists)', async () => {
    const w = await render(
      { subjectType: 'appointment', subjectId: ID, rating: '5', token: 't' },
      problem(409, 'feedback-exists'),
    );
    await send(w);
    expect(heading(w)).toBe('Sie haben schon bewertet');
    expect(w.text()).toContain('Für diesen Termin haben wir bereits eine Bewertung erhalten.');
    expect(w.find('[role="alert"]').exists()).toBe(false);
  });

  it('says when rating is not possible yet (409 feedback-not-allowed)', async () => {
    const w = await render(
      { subjectType: 'application', subjectId: ID, rating: '3' },
      problem(409, 'feedback-not-allowed'),
    );
    await send(w);
    expect(heading(w)).toBe('Bewerten geht noch nicht');
    expect(w.text()).toContain('sobald über Ihren Antrag entschieden ist');
  });

  it('puts the API’s field errors (422) at the field', async () => {
    const w = await render(
      { subjectType: 'appointment', subjectId: ID, rating: '1' },
      problem(422, 'validation-failed', {
        errors: [{ field: 'comment', message: 'comment must be shorter than or equal to 2000 characters' }],
      }),
    );
    await w.get('textarea').setValue('zu lang');
    await send(w);
    expect(heading(w)).toBe('Ihren Termin bewerten');
    expect(w.get('.ui-error-summary').text()).toContain('comment must be shorter');
    expect(w.get('#feedback-comment').attributes('aria-invalid')).toBe('true');
  });

  it('shows a link that is not (or no longer) valid as such (404)', async () => {
    const w = await render(
      { subjectType: 'appointment', subjectId: ID, rating: '5', token: 'forged' },
      problem(404, 'not-found'),
    );
    await send(w);
    expect(heading(w)).toBe('Dieser Link funktioniert nicht');
    expect(w.text()).toContain('Öffnen Sie bitte den Link aus Ihrer E-Mail noch einmal');
  });

  it('keeps the form and says what happened when the service cannot be reached', async () => {
    const w = await render(
      { subjectType: 'appointment', subjectId: ID, rating: '5', token: 't' },
      { status: 0 },
    );
    await send(w);
    expect(heading(w)).toBe('Ihren Termin bewerten');
    expect(w.get('.ui-problem').text()).toContain('Internetverbindung');
    expect((w.get('input[value="5"]').element as HTMLInputElement).checked).toBe(true);
  });

  it('refuses a link cut short without asking the API', async () => {
    const w = await render({ subjectType: 'appointment' });
    expect(heading(w)).toBe('Dieser Link funktioniert nicht');
    expect(w.find('form').exists()).toBe(false);
  });

  it('speaks English', async () => {
    setLocale('en');
    const w = await render({ subjectType: 'appointment', subjectId: ID, rating: '1', token: 't' });
    expect(heading(w)).toBe('Rate your appointment');
    expect(w.text()).toContain('You chose “Very dissatisfied” in the email.');
  });
});
