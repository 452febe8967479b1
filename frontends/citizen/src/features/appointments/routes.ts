import type { NavigationGuard, RouteRecordRaw } from 'vue-router';
import { isDay, isStart } from '../booking/query';
import { manageQuery } from './token';

/** A step of moving reached without the day (or time) chosen before it starts at the first one missing. */
function requireChoices(needsTime: boolean): NavigationGuard {
  return (to) => {
    const day = to.query.tag;
    const start = typeof to.query.zeit === 'string' ? to.query.zeit.replace(/ /g, '+') : undefined;
    if (!isDay(day)) return { name: 'appointment-move', params: to.params, query: manageQuery(to.query) };
    if (needsTime && !isStart(start)) {
      return {
        name: 'appointment-move-time',
        params: to.params,
        query: { ...manageQuery(to.query), tag: day },
      };
    }
    return true;
  };
}

export const appointmentRoutes: RouteRecordRaw[] = [
  {
    path: '/termine',
    name: 'my-appointments',
    component: () => import('./MyAppointmentsView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/termine/:id',
    name: 'appointment',
    component: () => import('./AppointmentView.vue'),
    props: true,
  },
  {
    path: '/termine/:id/bestaetigen',
    name: 'appointment-confirm',
    component: () => import('./ConfirmView.vue'),
    props: true,
  },
  {
    path: '/termine/:id/verschieben',
    name: 'appointment-move',
    component: () => import('./MoveDayView.vue'),
    props: true,
  },
  {
    path: '/termine/:id/verschieben/uhrzeit',
    name: 'appointment-move-time',
    component: () => import('./MoveTimeView.vue'),
    props: true,
    beforeEnter: requireChoices(false),
  },
  {
    path: '/termine/:id/verschieben/pruefen',
    name: 'appointment-move-check',
    component: () => import('./MoveCheckView.vue'),
    props: true,
    beforeEnter: requireChoices(true),
  },
];
