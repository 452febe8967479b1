import type { RouteRecordRaw } from 'vue-router';

/**
 * The waiting room's screen: no log-in (the stream and the queue are public), no staff header, made for
 * a TV (`screen`). The address goes into the TV's browser once: keep it stable.
 */
export const displayRoutes: RouteRecordRaw[] = [
  {
    path: '/display/:locationId',
    name: 'display',
    component: () => import('./DisplayView.vue'),
    props: true,
    meta: { screen: true },
  },
];
