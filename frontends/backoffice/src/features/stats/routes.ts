import type { RouteRecordRaw } from 'vue-router';

/** The digitalisation check: dashboard and the printable report (supervisors and admins). */
export const statsRoutes: RouteRecordRaw[] = [
  {
    path: '/digitalisierungscheck',
    name: 'digitalisation',
    component: () => import('./DigitalisationView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
  {
    path: '/digitalisierungscheck/bericht',
    name: 'digitalisation-report',
    component: () => import('./ReportView.vue'),
    meta: { requiresAuth: true, role: 'supervisor' },
  },
];
