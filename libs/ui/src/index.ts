// @buergeramt/ui: the shared Vue 3 components, design tokens and composables of both web apps.
// Importing the package brings the font, tokens and base styles (./styles). No API calls in here.
import './styles';

// form controls
export { default as UiTextField } from './controls/UiTextField.vue';
export { default as UiTextarea } from './controls/UiTextarea.vue';
export { default as UiRadioGroup } from './controls/UiRadioGroup.vue';
export { default as UiCheckbox } from './controls/UiCheckbox.vue';
export { default as UiCheckboxGroup } from './controls/UiCheckboxGroup.vue';
export { default as UiSelect } from './controls/UiSelect.vue';
export { default as UiDateInput } from './controls/UiDateInput.vue';
export { default as UiFileUpload } from './controls/UiFileUpload.vue';
export { default as UiButton } from './controls/UiButton.vue';
export { default as UiTag } from './controls/UiTag.vue';
// building blocks for an app's own controls (with useFieldIds)
export { default as UiLabel } from './controls/UiLabel.vue';
export { default as UiHint } from './controls/UiHint.vue';
export { default as UiErrorMessage } from './controls/UiErrorMessage.vue';
export { default as UiFieldset } from './controls/UiFieldset.vue';
export { datePartsFromIso, emptyDateParts, isoFromDateParts, missingDateParts } from './controls/date';

// feedback
export { default as UiErrorSummary } from './feedback/UiErrorSummary.vue';
export { default as UiNotificationBanner } from './feedback/UiNotificationBanner.vue';
export { default as UiWarningText } from './feedback/UiWarningText.vue';
export { default as UiInsetText } from './feedback/UiInsetText.vue';
export { default as UiSpinner } from './feedback/UiSpinner.vue';
export { default as UiLoading } from './feedback/UiLoading.vue';
export { default as UiDialog } from './feedback/UiDialog.vue';
export { default as UiProblem } from './feedback/UiProblem.vue';
export { default as UiAnnouncer } from './feedback/UiAnnouncer.vue';

// content
export { default as UiDetails } from './content/UiDetails.vue';
export { default as UiPanel } from './content/UiPanel.vue';
export { default as UiSummaryList } from './content/UiSummaryList.vue';
export { default as UiMarkdown } from './content/UiMarkdown.vue';
export { default as UiBarChart } from './content/UiBarChart.vue';

// navigation and layout
export { default as UiPagination } from './navigation/UiPagination.vue';
export { default as UiBackLink } from './navigation/UiBackLink.vue';
export { default as UiSkipLink } from './navigation/UiSkipLink.vue';
export { default as UiLanguageSwitch } from './navigation/UiLanguageSwitch.vue';
export { default as UiHeader } from './layout/UiHeader.vue';
export { default as UiFooter } from './layout/UiFooter.vue';
export { default as UiPageLayout } from './layout/UiPageLayout.vue';

// application forms: a renderer of a form's JSON Schema + UI description (the app fetches and sends)
export { default as UiFormSection } from './forms/UiFormSection.vue';
export { default as UiFormField } from './forms/UiFormField.vue';
export { default as UiTaskList } from './forms/UiTaskList.vue';
export { default as UiFormSummary } from './forms/UiFormSummary.vue';
export { default as UiFormDocuments } from './forms/UiFormDocuments.vue';
export {
  formData,
  formDocuments,
  formFieldId,
  findSection,
  formTexts,
  isVisible,
  visibleFields,
  withoutHiddenValues,
} from './forms/formModel';
export { describeField, sectionFieldModels } from './forms/fieldModel';
export { getValue as getFormValue, setValue as setFormValue } from './forms/paths';
export { isErrorOf, taskStatuses, validateForm, validateSection } from './forms/validate';
export { errorSummaryItems, fieldErrorMap, unplacedErrors } from './forms/errors';

// composables and helpers
export {
  fieldIds,
  useFieldIds,
  type FieldIds,
  type FieldIdsOptions,
  type FieldState,
} from './composables/useFieldIds';
export { announce, clearAnnouncements, useAnnouncer, type AnnounceOptions } from './composables/useAnnouncer';
export { focusField } from './composables/focusField';
export { useErrorSummaryFocus, type ErrorSummaryFocus } from './composables/useErrorSummaryFocus';

// i18n
export {
  createUiI18n,
  uiLocales,
  uiMessages,
  uiTestPlugins,
  type UiLocale,
  type UiMessageSchema,
} from './i18n';

export type * from './types';
export type * from './forms/types';
