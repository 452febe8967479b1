import type { RouteRecordRaw } from 'vue-router';

/** The day at a counter: where the person works today (the agenda and calling will join this page). */
export const officeRoutes: RouteRecordRaw[] = [
  {
    path: '/heute',
    name: 'today',
    component: () => import('./TodayView.vue'),
    meta: { requiresAuth: true, role: 'clerk' },
  },
];
