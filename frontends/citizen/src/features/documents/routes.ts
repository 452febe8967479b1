import type { RouteRecordRaw } from 'vue-router';

/** "My documents" belongs to the account (`/konto/...`); its texts also serve DocumentUpload elsewhere. */
export const documentRoutes: RouteRecordRaw[] = [
  {
    path: '/konto/dokumente',
    name: 'my-documents',
    component: () => import('./MyDocumentsView.vue'),
    meta: { requiresAuth: true },
  },
];
