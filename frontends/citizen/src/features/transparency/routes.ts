import type { RouteRecordRaw } from 'vue-router';

/** The public figures: processing and waiting times, the share handled online. */
export const transparencyRoutes: RouteRecordRaw[] = [
  { path: '/wie-lange-dauert-es', name: 'transparency', component: () => import('./TransparencyView.vue') },
];
