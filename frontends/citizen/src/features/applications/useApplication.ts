import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { onBeforeRouteLeave, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import {
  formTexts,
  type UiFormContext,
  type UiFormDefinition,
  type UiFormValues,
  useLoader,
} from '@buergeramt/ui';
import { getService } from '../services/catalogue';
import { type Application, getApplication, getForm, saveApplication } from './api';
import { isEditable } from './status';
import { useAutosave } from './useAutosave';

/**
 * One application with the form it was started with and its service's name, for the pages of the apply
 * flow: the answers as the person edits them (`values`), saved as they type (`autosave`), and the attached
 * documents. The answers are loaded once per application, so a reload of the texts (language) does not
 * undo what was typed.
 *
 * `editing`: a page that changes the application (a section, the evidence, the check) sends a case that can
 * no longer be changed to its overview, and saves what was typed before the page is left (a failed save
 * stays visible on the next page's status).
 */
export function useApplication(id: () => string, { editing = false } = {}) {
  const { t, locale } = useI18n();
  const loader = useLoader(async () => {
    const application = await getApplication(id());
    const [form, service] = await Promise.all([
      getForm(application.serviceId, application.formVersion),
      getService(application.serviceId).catch(() => null),
    ]);
    // the applications service checked the ui description's shape when the version was published
    const definition = { schema: form.schema, ui: form.ui } as unknown as UiFormDefinition;
    return { application, form: definition, service };
  }, [id]);

  const application = shallowRef<Application>();
  const values: Ref<UiFormValues> = ref({});
  const documentIds = ref<string[]>([]);
  watch(
    () => loader.data.value?.application,
    (loaded) => {
      if (!loaded || application.value?.id === loaded.id) {
        if (loaded) application.value = loaded;
        return;
      }
      application.value = loaded;
      values.value = structuredClone(loaded.data);
      documentIds.value = [...loaded.documentIds];
    },
  );

  const autosave = useAutosave(async (changes: { data?: UiFormValues; documentIds?: string[] }) => {
    application.value = await saveApplication(id(), changes);
  });

  /** The person changed answers: keep them and save them after a pause. */
  function updateValues(next: UiFormValues): void {
    values.value = next;
    autosave.schedule({ data: next, documentIds: documentIds.value });
  }

  function updateDocuments(next: string[]): void {
    documentIds.value = next;
    autosave.schedule({ data: values.value, documentIds: next });
  }

  if (editing) {
    const router = useRouter();
    watch(application, (app) => {
      if (app && !isEditable(app.status)) void router.replace({ name: 'application', params: { id: id() } });
    });
    onBeforeRouteLeave(async () => {
      await autosave.flush().catch(() => undefined);
    });
  }

  const form = computed(() => loader.data.value?.form);
  const serviceName = computed(() => loader.data.value?.service?.name ?? t('applications.unnamedService'));
  const formLocale = computed<'de' | 'en'>(() => (locale.value === 'en' ? 'en' : 'de'));
  const context = computed<UiFormContext>(() => ({
    locale: formLocale.value,
    texts: formTexts((key, named) => t(key, named)),
  }));
  const editable = computed(() => (application.value ? isEditable(application.value.status) : false));

  return {
    loader,
    application,
    form,
    service: computed(() => loader.data.value?.service ?? null),
    serviceName,
    formLocale,
    context,
    values,
    documentIds,
    editable,
    autosave,
    updateValues,
    updateDocuments,
  };
}
