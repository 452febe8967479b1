import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { accountRoutes } from '../features/account/routes';
import { appointmentRoutes } from '../features/appointments/routes';
import { bookingRoutes } from '../features/booking/routes';
import { contentRoutes } from '../features/content/routes';
import { homeRoutes } from '../features/home/routes';
import { serviceRoutes } from '../features/services/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for logged-in people; others are sent to log-in and brought back afterwards. */
    requiresAuth?: boolean;
    /** Log-in and registration: a logged-in person goes on to where they wanted to be. */
    guestOnly?: boolean;
  }
}

export const LOGIN_ROUTE = 'login';
/** Query parameter carrying where to go after log-in (a path of this app). */
export const RETURN_PARAM = 'weiter';

/** A path inside this app only (no `//host`, no scheme): where a log-in may send the person back to. */
export function safeReturnPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}

const routes: RouteRecordRaw[] = [
  ...homeRoutes,
  ...serviceRoutes,
  ...bookingRoutes,
  ...appointmentRoutes,
  ...accountRoutes,
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
  scrollBehavior(to, _from, saved) {
    if (saved) return saved;
    if (to.hash) return { el: to.hash };
    return { top: 0 };
  },
});

router.beforeEach(async (to) => {
  const sessionStore = useSessionStore();
  if (to.meta.requiresAuth || to.meta.guestOnly) await sessionStore.ready();
  if (to.meta.requiresAuth && !sessionStore.loggedIn) {
    return { name: LOGIN_ROUTE, query: { [RETURN_PARAM]: to.fullPath } };
  }
  if (to.meta.guestOnly && sessionStore.loggedIn) {
    return safeReturnPath(to.query[RETURN_PARAM]) ?? { name: 'account' };
  }
  return true;
});
