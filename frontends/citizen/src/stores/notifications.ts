import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../services/api';
import { useSessionStore } from './session';

export type Notification = Schema<'NotificationDto'>;
export type NotificationPage = Schema<'NotificationPageDto'>;

/** How often the header looks for new notifications while the page is visible. */
export const UNREAD_REFRESH_MS = 60_000;

/**
 * The in-app inbox as the app sees it: the number of unread notifications (shown in the header), the
 * inbox's pages, and marking one read. The count is refreshed on demand (each navigation) and, while
 * `watchUnread()` runs, every minute the page is visible and whenever it becomes visible again; a failed
 * look keeps the last count (the header never shows an error). Logged out, the count is 0.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const sessionStore = useSessionStore();
  const unreadCount = ref(0);
  let pending: Promise<void> | null = null;
  let generation = 0;

  watch(
    () => sessionStore.loggedIn,
    (loggedIn) => {
      if (loggedIn) return;
      generation += 1; // an answer still on its way belongs to the session that ended
      unreadCount.value = 0;
    },
  );

  /** Asks the API for the unread count (one request at a time; a second caller shares it). */
  function refresh(): Promise<void> {
    if (!sessionStore.loggedIn) {
      unreadCount.value = 0;
      return Promise.resolve();
    }
    const mine = generation;
    pending ??= ok(api.GET('/api/v1/notifications', { params: { query: { limit: 1, unread: true } } }))
      .then((page) => {
        if (mine === generation) unreadCount.value = page.unreadCount;
      })
      .catch(() => undefined)
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  /** A page of the inbox, newest first; its unread count updates the header's. */
  async function list(cursor?: string, limit = 20): Promise<NotificationPage> {
    const page = await ok(api.GET('/api/v1/notifications', { params: { query: { limit, cursor } } }));
    unreadCount.value = page.unreadCount;
    return page;
  }

  /** Marks an unread notification read (throws the ApiProblem when the API refuses). */
  async function markRead(id: string): Promise<void> {
    await ok(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
    unreadCount.value = Math.max(0, unreadCount.value - 1);
  }

  /**
   * Keeps the count fresh while the page is visible: now, every UNREAD_REFRESH_MS, and when the page
   * becomes visible again (a hidden tab asks nothing). Returns the function that stops it.
   */
  function watchUnread(): () => void {
    const visible = (): boolean => document.visibilityState === 'visible';
    const timer = setInterval(() => {
      if (visible()) void refresh();
    }, UNREAD_REFRESH_MS);
    const onVisibility = (): void => {
      if (visible()) void refresh();
    };
    document.addEventListener('visibilitychange', onVisibility);
    if (visible()) void refresh();
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  return { unreadCount, refresh, list, markRead, watchUnread };
});
