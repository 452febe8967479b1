import type { RouteRecordRaw } from 'vue-router';
import { LOGIN_ROUTE, RETURN_PARAM } from '../../router/return-path';
import { useSessionStore } from '../../stores/session';

/**
 * Rating a completed appointment or a decided case. The address is the notifications service's
 * (`/feedback?subjectType=&subjectId=`, with `&rating=&token=` from the mail): changing it breaks links
 * in mails already sent. With the mail's token nobody needs to log in; without it, only the person's
 * own session can rate.
 */
export const feedbackRoutes: RouteRecordRaw[] = [
  {
    path: '/feedback',
    name: 'feedback',
    component: () => import('./FeedbackView.vue'),
    beforeEnter: async (to) => {
      if (typeof to.query.token === 'string' && to.query.token.trim()) return true;
      const sessionStore = useSessionStore();
      await sessionStore.ready();
      if (sessionStore.loggedIn) return true;
      return { name: LOGIN_ROUTE, query: { [RETURN_PARAM]: to.fullPath } };
    },
  },
];
