import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from 'vue-router';
import { routeMessagesLoader, scrollPosition, sessionGuard } from '@buergeramt/ui';
import { hasRoleAtLeast, type StaffRole } from '../access';
import ErrorPageView from '../features/errors/ErrorPageView.vue';
import { adminRoutes } from '../features/admin/routes';
import { casesRoutes } from '../features/cases/routes';
import { displayRoutes } from '../features/display/routes';
import { kioskRoutes } from '../features/kiosk/routes';
import { loginRoutes } from '../features/login/routes';
import { officeRoutes } from '../features/office/routes';
import { statsRoutes } from '../features/stats/routes';
import { type LazyMessages, loadMessages } from '../i18n';
import { useSessionStore } from '../stores/session';
import { LOGIN_ROUTE, RETURN_PARAM, START_ROUTE } from './names';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for logged-in staff; others are sent to log-in and brought back afterwards. */
    requiresAuth?: boolean;
    /** The least role the page is for (a supervisor may what a clerk may); others see "no access". */
    role?: StaffRole;
    /** Log-in: a logged-in person goes on to where they wanted to be. */
    guestOnly?: boolean;
    /** Texts this page needs beyond the header's (loaded before it shows). */
    messages?: LazyMessages[];
    /**
     * A screen of its own without the staff app's header, navigation and footer, and without log-in: the
     * waiting room's display and the entrance's kiosk (each brings its own landmarks).
     */
    screen?: boolean;
  }
}

export { LOGIN_ROUTE, RETURN_PARAM, START_ROUTE } from './names';

/** The journey's routes, each marked with the texts it needs (see `loadMessages`). */
function withMessages(messages: LazyMessages[], records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((record) => ({ ...record, meta: { ...record.meta, messages } }));
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: { name: START_ROUTE } },
  ...withMessages(['login'], loginRoutes),
  ...withMessages(['office'], officeRoutes),
  ...withMessages(['cases'], casesRoutes),
  ...withMessages(['admin'], adminRoutes),
  ...withMessages(['stats'], statsRoutes),
  ...withMessages(['display'], displayRoutes),
  ...withMessages(['kiosk'], kioskRoutes),
  { path: '/kein-zugriff', name: 'forbidden', component: ErrorPageView, props: { kind: 'forbidden' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: ErrorPageView, props: { kind: 'notFound' } },
];

export const router = createRouter({
  // '/backoffice/' (vite.config.mts): the gateway serves the app there
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
    home: { name: START_ROUTE },
    // a page for a role the person does not have (a supervisor may what a clerk may): "no access"
    allows: (to: RouteLocationNormalized) =>
      !to.meta.role || hasRoleAtLeast(useSessionStore().user, to.meta.role) ? true : { name: 'forbidden' },
  }),
);
