import type { NavigationGuard, RouteRecordRaw } from 'vue-router';
import { choiceQuery, choiceUpTo, missingStep, readChoice, type BookingStep } from './query';

/** A step reached without the choices before it (a shortened link) starts at the first one missing. */
function requireChoices(step: BookingStep): NavigationGuard {
  return (to) => {
    const choice = readChoice(to.query);
    const missing = missingStep(step, choice);
    if (!missing) return true;
    return {
      name: missing,
      params: { slug: to.params.slug },
      query: choiceQuery(choiceUpTo(missing, choice)),
    };
  };
}

// One step per route (GOV.UK "one thing per page"); the choices live in the query (see query.ts).
export const bookingRoutes: RouteRecordRaw[] = [
  {
    path: '/termin/:slug',
    name: 'booking',
    component: () => import('./OfficeStepView.vue'),
    props: true,
  },
  {
    path: '/termin/:slug/tag',
    name: 'booking-day',
    component: () => import('./DayStepView.vue'),
    props: true,
    beforeEnter: requireChoices('booking-day'),
  },
  {
    path: '/termin/:slug/uhrzeit',
    name: 'booking-time',
    component: () => import('./TimeStepView.vue'),
    props: true,
    beforeEnter: requireChoices('booking-time'),
  },
  {
    path: '/termin/:slug/kontakt',
    name: 'booking-contact',
    component: () => import('./ContactStepView.vue'),
    props: true,
    beforeEnter: requireChoices('booking-contact'),
  },
  {
    path: '/termin/:slug/pruefen',
    name: 'booking-check',
    component: () => import('./CheckStepView.vue'),
    props: true,
    beforeEnter: requireChoices('booking-check'),
  },
  {
    path: '/termin/:slug/gebucht/:id',
    name: 'booking-done',
    component: () => import('./DoneView.vue'),
    props: true,
  },
];
