import type { RouteRecordRaw } from 'vue-router';

/** The in-app inbox (the preferences stay with the account: `/konto/benachrichtigungen`). */
export const notificationRoutes: RouteRecordRaw[] = [
  {
    path: '/konto/nachrichten',
    name: 'notifications',
    component: () => import('./InboxView.vue'),
    meta: { requiresAuth: true },
  },
];
