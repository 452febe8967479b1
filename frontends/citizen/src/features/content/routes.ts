import type { RouteRecordRaw } from 'vue-router';

/** The city's content pages (imprint, privacy, accessibility statement, contact) from its configuration. */
export const contentRoutes: RouteRecordRaw[] = [
  { path: '/info/:slug', name: 'content', component: () => import('./ContentPageView.vue'), props: true },
];
