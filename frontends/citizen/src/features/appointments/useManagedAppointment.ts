import { computed, type MaybeRefOrGetter, toValue } from 'vue';
import { useRoute } from 'vue-router';
import { ApiProblem } from '@buergeramt/api-client';
import { useSessionStore } from '../../stores/session';
import { getAppointment } from './api';
import { isChangeable } from './status';
import { manageQuery, manageToken } from './token';
import { useLoader } from '@buergeramt/ui';

/**
 * The appointment a page acts on, for its logged-in owner or with the manage token of the URL (which
 * every link of these pages keeps): loaded after the session is picked up from its cookie.
 */
export function useManagedAppointment(id: MaybeRefOrGetter<string>) {
  const route = useRoute();
  const sessionStore = useSessionStore();
  const token = computed(() => manageToken(route.query));
  const keep = computed(() => manageQuery(route.query));
  const loaded = useLoader(async () => {
    await sessionStore.ready();
    return getAppointment(toValue(id), token.value);
  }, [() => toValue(id), token]);
  const appointment = computed(() => loaded.data.value);
  const notFound = computed(
    () => loaded.error.value instanceof ApiProblem && loaded.error.value.status === 404,
  );
  const changeable = computed(() => !!appointment.value && isChangeable(appointment.value));
  return { token, keep, loaded, appointment, notFound, changeable };
}
