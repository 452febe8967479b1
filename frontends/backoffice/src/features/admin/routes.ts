import type { RouteRecordRaw } from 'vue-router';

/**
 * Configuration: catalogue and forms, offices, staff, API clients, webhooks, mail log. Admins change,
 * supervisors read; what only admins may even read (the integrations and the mail log, which carry
 * secrets' metadata and residents' addresses) is for admins alone.
 */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/einstellungen',
    name: 'configuration',
    component: () => import('./ConfigurationView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/standorte',
    name: 'admin-offices',
    component: () => import('./offices/OfficesView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/standorte/:id',
    name: 'admin-office',
    component: () => import('./offices/OfficeView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/leistungen',
    name: 'admin-services',
    component: () => import('./catalogue/ServicesView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/leistungen/:id',
    name: 'admin-service',
    component: () => import('./catalogue/ServiceView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/leistungen/:id/formular',
    name: 'admin-form',
    component: () => import('./catalogue/FormEditorView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/mitarbeitende',
    name: 'admin-staff',
    component: () => import('./staff/StaffView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/mitarbeitende/:id',
    name: 'admin-staff-member',
    component: () => import('./staff/StaffMemberView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/einstellungen/schnittstellen',
    name: 'admin-integrations',
    component: () => import('./integrations/IntegrationsView.vue'),
    meta: { requiresAuth: true, role: 'admin' },
  },
  {
    path: '/einstellungen/schnittstellen/webhooks/:id',
    name: 'admin-webhook',
    component: () => import('./integrations/WebhookDeliveriesView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'admin' },
  },
  {
    path: '/einstellungen/mails',
    name: 'admin-mails',
    component: () => import('./integrations/MailLogView.vue'),
    meta: { requiresAuth: true, role: 'admin' },
  },
];
