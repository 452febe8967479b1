import type { RouteRecordRaw } from 'vue-router';

/**
 * Log-in, the TOTP enrollment of a first log-in, and the invitation. The invitation's path is in mails
 * already sent (services/notifications, `templates/links.ts`): never change it.
 */
export const loginRoutes: RouteRecordRaw[] = [
  {
    path: '/anmelden',
    name: 'login',
    component: () => import('./LoginView.vue'),
    meta: { guestOnly: true },
  },
  {
    path: '/anmelden/zwei-faktor-einrichten',
    name: 'enroll',
    component: () => import('./EnrollView.vue'),
    meta: { guestOnly: true },
  },
  { path: '/einladung', name: 'invitation', component: () => import('./InvitationView.vue') },
];
