import type { RouteRecordRaw } from 'vue-router';

/** Case work: the inbox and the case view (clerks; supervisors see the audit trail too). */
export const casesRoutes: RouteRecordRaw[] = [
  {
    path: '/vorgaenge',
    name: 'inbox',
    component: () => import('./InboxView.vue'),
    meta: { requiresAuth: true, role: 'clerk' },
  },
  {
    path: '/vorgaenge/:id',
    name: 'case',
    component: () => import('./CaseView.vue'),
    props: true,
    meta: { requiresAuth: true, role: 'clerk' },
  },
];
