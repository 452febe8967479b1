import type { RouteRecordRaw } from 'vue-router';

/** The digitalisation check: dashboard and the printable report (supervisors and admins). */
export const statsRoutes: RouteRecordRaw[] = [];
