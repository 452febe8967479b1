import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { LoginResult } from '@buergeramt/api-client';
import { i18n, setLocale } from '../../../i18n';
import { session } from '../../../services/api';
import type { StaffMember } from '../api';
import StaffMemberView from './StaffMemberView.vue';
import StaffView from './StaffView.vue';

/**
 * Admins change, supervisors read (issue 17): the staff pages show a supervisor the same facts as an
 * admin, but no form and no action button, so nothing is offered that the API would refuse with 403.
 */
const PERSON: StaffMember = {
  id: '4b1f0c2e-0000-4000-8000-000000000001',
  email: 'jana.neckar@esslingen.example',
  givenName: 'Jana',
  familyName: 'Neckar',
  roles: ['clerk'],
  locationIds: ['0f4c8f1e-5a4e-4a55-9c1e-5d6f7a8b9c0d'],
  status: 'active',
  mfaEnabled: true,
  lastLoginAt: '2026-12-07T08:00:00.000Z',
  createdAt: '2026-12-01T08:00:00.000Z',
} as StaffMember;
const OFFICE = {
  id: '0f4c8f1e-5a4e-4a55-9c1e-5d6f7a8b9c0d',
  name: 'Bürgeramt Innenstadt',
  address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
  openingHours: [],
  serviceIds: [],
  slotIntervalMinutes: 10,
  bookingWindowDays: 60,
  minLeadMinutes: 0,
  walkInsEnabled: true,
  active: true,
  demo: false,
  counters: [],
  services: [],
};

const loginAs = (role: 'supervisor' | 'admin'): LoginResult => ({
  accessToken: 'token',
  expiresIn: 600,
  user: { id: 'u1', email: `${role}@rathaus.example`, givenName: 'Rita', familyName: 'Rolle', roles: [role] },
});

let wrapper: VueWrapper | undefined;
let requests: string[] = [];

function stubApi(): void {
  requests = [];
  vi.stubGlobal('fetch', (input: Request) => {
    const url = new URL(input.url);
    requests.push(`${input.method} ${url.pathname}`);
    const body =
      url.pathname === `/api/v1/admin/users/${PERSON.id}`
        ? PERSON
        : url.pathname === '/api/v1/admin/users'
          ? { items: [PERSON], nextCursor: null }
          : url.pathname === '/api/v1/admin/locations'
            ? { items: [OFFICE], nextCursor: null }
            : null;
    if (!body || input.method !== 'GET') return Promise.reject(new TypeError(`unexpected ${url.pathname}`));
    return Promise.resolve(
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
    );
  });
}

function router(): Router {
  const page = { template: '<div />' };
  return createRouter({
    history: createMemoryHistory('/backoffice/'),
    routes: [
      { path: '/einstellungen', name: 'configuration', component: page },
      { path: '/einstellungen/mitarbeitende', name: 'admin-staff', component: page },
      { path: '/einstellungen/mitarbeitende/:id', name: 'admin-staff-member', component: page },
    ],
  });
}

async function render(component: Component, role: 'supervisor' | 'admin'): Promise<VueWrapper> {
  session.start(loginAs(role));
  stubApi();
  const r = router();
  await r.push('/einstellungen/mitarbeitende');
  wrapper = mount(component, {
    props: component === StaffMemberView ? { id: PERSON.id } : {},
    attachTo: document.body,
    global: { plugins: [i18n, r] },
  });
  await flushPromises();
  return wrapper;
}

describe('the staff pages: admins change, supervisors read', () => {
  beforeEach(() => {
    setLocale('de');
    setActivePinia(createPinia());
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it("a supervisor sees a person's facts, but no form and no button", async () => {
    const w = await render(StaffMemberView, 'supervisor');
    expect(w.get('h1').text()).toBe('Jana Neckar');
    const facts = w.get('.ui-summary-list').text();
    expect(facts).toContain('jana.neckar@esslingen.example');
    expect(facts).toContain('Sachbearbeitung');
    expect(facts).toContain('Bürgeramt Innenstadt');
    expect(facts).toContain('Eingerichtet');
    expect(w.findAll('button')).toHaveLength(0);
    expect(w.findAll('form')).toHaveLength(0);
    expect(w.findAll('input')).toHaveLength(0);
    expect(w.text()).not.toContain('Konto sperren');
    expect(requests.every((request) => request.startsWith('GET '))).toBe(true);
  });

  it('an admin sees the same facts and can change names, roles, offices, and the access', async () => {
    const w = await render(StaffMemberView, 'admin');
    expect(w.get('.ui-summary-list').text()).toContain('Bürgeramt Innenstadt');
    expect(w.findAll('form')).toHaveLength(1);
    const buttons = w.findAll('button').map((button) => button.text());
    expect(buttons).toEqual(
      expect.arrayContaining(['Speichern', 'Zwei-Faktor-Anmeldung zurücksetzen', 'Konto sperren']),
    );
    expect(buttons).not.toContain('Konto entsperren');
  });

  it('the list: a supervisor reads it with its filter, without the invitation form', async () => {
    const w = await render(StaffView, 'supervisor');
    expect(w.get('table').text()).toContain('jana.neckar@esslingen.example');
    expect(w.find('select#staff-role-filter').exists()).toBe(true);
    expect(w.text()).not.toContain('Neue Person einladen');
    expect(w.findAll('button')).toHaveLength(0);
    // only the list was asked for (the invitation form would load the offices)
    expect(requests).toEqual(['GET /api/v1/admin/users']);
  });

  it('the list: an admin gets the invitation form below it', async () => {
    const w = await render(StaffView, 'admin');
    expect(w.text()).toContain('Neue Person einladen');
    expect(w.findAll('button').map((button) => button.text())).toContain('Einladen');
  });
});
