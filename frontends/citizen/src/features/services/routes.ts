import type { RouteRecordRaw } from 'vue-router';

export const serviceRoutes: RouteRecordRaw[] = [
  { path: '/leistungen', name: 'services', component: () => import('./SearchView.vue') },
  { path: '/leistungen/:slug', name: 'service', component: () => import('./ServiceView.vue'), props: true },
];
