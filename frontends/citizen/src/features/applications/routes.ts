import type { RouteRecordRaw } from 'vue-router';

/** Applying online and following one's applications: all for logged-in residents. */
export const applicationRoutes: RouteRecordRaw[] = [
  {
    path: '/antrag/:slug',
    name: 'apply',
    component: () => import('./StartView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege',
    name: 'my-applications',
    component: () => import('./MyApplicationsView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege/:id',
    name: 'application',
    component: () => import('./ApplicationView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege/:id/abschnitt/:section',
    name: 'application-section',
    component: () => import('./SectionView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege/:id/nachweise',
    name: 'application-documents',
    component: () => import('./DocumentsView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege/:id/pruefen',
    name: 'application-check',
    component: () => import('./CheckView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
  {
    path: '/antraege/:id/eingereicht',
    name: 'application-done',
    component: () => import('./DoneView.vue'),
    props: true,
    meta: { requiresAuth: true },
  },
];
