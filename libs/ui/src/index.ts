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
export { default as UiLoadFailure } from './feedback/UiLoadFailure.vue';
export { default as UiPageBoundary } from './feedback/UiPageBoundary.vue';

// content
export { default as UiDetails } from './content/UiDetails.vue';
export { default as UiPanel } from './content/UiPanel.vue';
export { default as UiSummaryList } from './content/UiSummaryList.vue';
export { default as UiMarkdown } from './content/UiMarkdown.vue';
export { default as UiBarChart } from './content/UiBarChart.vue';
export { default as UiChart } from './content/UiChart.vue';
export {
  chartCsv,
  chartTable,
  chartValueText,
  csvFileName,
  downloadCsv,
  type UiChartData,
  type UiChartSeries,
  type UiChartTable,
} from './content/chartData';

// navigation and layout
export { default as UiPagination } from './navigation/UiPagination.vue';
export { default as UiBackLink } from './navigation/UiBackLink.vue';
export { default as UiSkipLink } from './navigation/UiSkipLink.vue';
export { default as UiLanguageSwitch } from './navigation/UiLanguageSwitch.vue';
export { default as UiHeader } from './layout/UiHeader.vue';
export { default as UiFooter } from './layout/UiFooter.vue';
export { default as UiPageLayout } from './layout/UiPageLayout.vue';
export {
  focusHeadingAfterNavigation,
  focusMainHeading,
  isPlainClick,
  routeMessagesLoader,
  safeReturnPath,
  scrollPosition,
  sessionGuard,
  type GuardedRoute,
  type GuardTarget,
  type NavigatedRoute,
  type NavigationHooks,
  type SessionGuardOptions,
} from './navigation/navigation';

// log-in, passwords and TOTP (both apps): the checks, their sentences (`ui.errors`), the set-up steps
export { default as UiPasswordRules } from './account/UiPasswordRules.vue';
export { default as UiTotpSetup } from './account/UiTotpSetup.vue';
export { default as UiNewPasswordFields } from './account/UiNewPasswordFields.vue';
export { default as UiTotpCodeField } from './account/UiTotpCodeField.vue';
export { default as UiLoginForm } from './account/UiLoginForm.vue';
export {
  useLoginSteps,
  type LoginAttempt,
  type LoginSteps,
  type LoginStepsOptions,
} from './account/loginSteps';
export { useNewPasswordForm, type NewPasswordForm } from './account/newPassword';
export { useTotpCodeForm, type TotpCodeForm } from './account/totpCodeForm';
export {
  checkEmail,
  checkNewPassword,
  checkPassword,
  checkPasswordRepeat,
  checkTotp,
  codePoints,
  isEmailLike,
  normaliseTotp,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordRefusal,
} from './account/credentials';
export { passwordRuleStates, type PasswordRuleStates, type RuleState } from './account/passwordRules';
export { accountLabel, groupSecret, qrCodeDataUrl } from './account/totp';

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
export { provideAppName, usePageTitle } from './composables/usePageTitle';
export { useLoader, type Loader } from './composables/useLoader';
export { isProblem, useProblemMessage, type ProblemLike } from './composables/useProblemMessage';
export {
  canRetry,
  DEFAULT_POLL_DELAYS,
  precheck,
  refusalOf,
  UPLOAD_EXTENSIONS,
  UPLOAD_MAX_BYTES,
  UPLOAD_MEDIA_TYPES,
  useUpload,
  type Upload,
  type UploadApi,
  type UploadItem,
  type UploadOptions,
  type UploadRefusal,
  type UploadState,
} from './composables/useUpload';
export {
  useFormErrors,
  type ApiFieldError,
  type ApiFieldRule,
  type ErrorKey,
  type FormErrors,
  type FormErrorsOptions,
} from './composables/useFormErrors';

// dates, times and sizes as people read them, in the city's time zone
export {
  addDays,
  addMonths,
  cityDay,
  cityToday,
  dayToDate,
  daysBetween,
  daysInMonth,
  DEFAULT_TIME_ZONE,
  formatBytes,
  formatDateTime,
  formatDay,
  formatLongDate,
  formatMonth,
  formatTime,
  isoWeekday,
  monthBounds,
  monthOf,
  weekdayNames,
} from './format';

// i18n
export {
  APP_LOCALES,
  createAppI18n,
  isAppLocale,
  type AppI18nOptions,
  type LazyMessageModules,
} from './appI18n';
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
