import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { type LazyMessages, loadMessages } from '../i18n';
import { useSessionStore } from '../stores/session';
import { LOGIN_ROUTE, RETURN_PARAM } from './return-path';
import { accountRoutes } from '../features/account/routes';
import { applicationRoutes } from '../features/applications/routes';
import { appointmentRoutes } from '../features/appointments/routes';
import { bookingRoutes } from '../features/booking/routes';
import { contentRoutes } from '../features/content/routes';
import { documentRoutes } from '../features/documents/routes';
import { feedbackRoutes } from '../features/feedback/routes';
import { homeRoutes } from '../features/home/routes';
import { notificationRoutes } from '../features/notifications/routes';
import { serviceRoutes } from '../features/services/routes';
import { transparencyRoutes } from '../features/transparency/routes';
import { verifyRoutes } from '../features/verify/routes';
import { routeMessagesLoader, scrollPosition, sessionGuard } from '@buergeramt/ui';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for logged-in people; others are sent to log-in and brought back afterwards. */
    requiresAuth?: boolean;
    /** Log-in and registration: a logged-in person goes on to where they wanted to be. */
    guestOnly?: boolean;
    /** Texts this page needs beyond the start page's (loaded before it shows). */
    messages?: LazyMessages[];
  }
}

export { LOGIN_ROUTE, RETURN_PARAM } from './return-path';

/** The journey's routes, each marked with the texts it needs (see `loadMessages`). */
function withMessages(messages: LazyMessages[], records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((record) => ({ ...record, meta: { ...record.meta, messages } }));
}

const routes: RouteRecordRaw[] = [
  ...homeRoutes,
  ...serviceRoutes,
  // booking ends on an appointment (its calendar button, statuses); moving one reuses the booking's
  // day and time pickers: the two journeys share their texts
  ...withMessages(['booking', 'appointments'], bookingRoutes),
  ...withMessages(['booking', 'appointments'], appointmentRoutes),
  ...withMessages(['account'], accountRoutes),
  ...withMessages(['documents'], documentRoutes),
  ...withMessages(['notifications'], notificationRoutes),
  // an application's evidence and messages use the upload of My documents
  ...withMessages(['applications', 'documents'], applicationRoutes),
  ...withMessages(['verify'], verifyRoutes),
  ...withMessages(['feedback'], feedbackRoutes),
  ...withMessages(['transparency'], transparencyRoutes),
  ...contentRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../features/content/NotFoundView.vue'),
  },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: scrollPosition,
});

// a journey's texts arrive with its first page
router.beforeResolve(routeMessagesLoader(loadMessages));

router.beforeEach(
  sessionGuard({
    session: useSessionStore,
    login: LOGIN_ROUTE,
    returnParam: RETURN_PARAM,
    home: { name: 'account' },
  }),
);
