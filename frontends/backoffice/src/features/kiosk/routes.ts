import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';

/** The kiosk's store, loaded with the kiosk (not with the staff app's first chunk). */
const kioskStore = async () => (await import('./store')).useKioskStore();

/**
 * The kiosk at the entrance (a touch screen, no log-in): a route per step, inside a frame of its own
 * (`screen`). A device that is not set up goes to the set-up first; the ticket screen shows only the
 * ticket just drawn (after a reload the kiosk starts over).
 */
const setUpFirst = async (to: RouteLocationNormalized) =>
  (await kioskStore()).configured ? true : { name: 'kiosk-setup', params: to.params };

export const kioskRoutes: RouteRecordRaw[] = [
  {
    path: '/kiosk/:locationId',
    component: () => import('./KioskLayout.vue'),
    props: true,
    meta: { screen: true },
    children: [
      {
        path: '',
        name: 'kiosk',
        component: () => import('./KioskStartView.vue'),
        props: true,
        beforeEnter: setUpFirst,
      },
      {
        path: 'termin',
        name: 'kiosk-appointment',
        component: () => import('./KioskAppointmentView.vue'),
        props: true,
        beforeEnter: setUpFirst,
      },
      {
        path: 'ohne-termin',
        name: 'kiosk-walk-in',
        component: () => import('./KioskWalkInView.vue'),
        props: true,
        beforeEnter: setUpFirst,
      },
      {
        path: 'nummer',
        name: 'kiosk-ticket',
        component: () => import('./KioskTicketView.vue'),
        beforeEnter: async (to) =>
          (await kioskStore()).ticket ? true : { name: 'kiosk', params: to.params },
      },
      {
        path: 'einrichten',
        name: 'kiosk-setup',
        component: () => import('./KioskSetupView.vue'),
        props: true,
        beforeEnter: async (to) =>
          (await kioskStore()).configured ? { name: 'kiosk', params: to.params } : true,
      },
    ],
  },
];
