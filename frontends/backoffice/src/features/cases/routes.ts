import type { RouteRecordRaw } from 'vue-router';

/** Case work: the inbox and the case view (clerks; supervisors see the audit trail too). */
export const casesRoutes: RouteRecordRaw[] = [];
