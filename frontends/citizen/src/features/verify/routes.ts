import type { RouteRecordRaw } from 'vue-router';

/** Checking a document the city issued: by the code printed on it, and the file against its fingerprint. */
export const verifyRoutes: RouteRecordRaw[] = [
  { path: '/pruefen', name: 'verify', component: () => import('./VerifyStartView.vue') },
  {
    path: '/pruefen/:code',
    name: 'verify-result',
    component: () => import('./VerifyResultView.vue'),
    props: true,
  },
  // the address in the QR code of the decision letters (documents service: PUBLIC_BASE_URL/verify/<code>);
  // letters already printed carry it, so it stays
  {
    path: '/verify/:code',
    name: 'verify-qr',
    redirect: (to) => ({ name: 'verify-result', params: { code: to.params.code } }),
  },
];
