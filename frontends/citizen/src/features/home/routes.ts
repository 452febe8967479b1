import type { RouteRecordRaw } from 'vue-router';
import HomeView from './HomeView.vue';

// the start page is part of the entry chunk: it is what most visits load first
export const homeRoutes: RouteRecordRaw[] = [{ path: '/', name: 'home', component: HomeView }];
