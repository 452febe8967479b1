import type { RouteRecordRaw } from 'vue-router';

/** Configuration: catalogue and forms, offices, staff, API clients, webhooks, mail log (admins change, supervisors read). */
export const adminRoutes: RouteRecordRaw[] = [];
