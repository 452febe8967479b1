// Public types of the component props (exported from the package's index).

/** Input widths: `char-N` fits about N characters; the fractions apply from 641px (full width below). */
export type UiInputWidth =
  | 'full'
  | 'three-quarters'
  | 'two-thirds'
  | 'one-half'
  | 'one-third'
  | 'one-quarter'
  | 'char-30'
  | 'char-20'
  | 'char-10'
  | 'char-5'
  | 'char-4'
  | 'char-3'
  | 'char-2';

export type UiTextFieldType = 'text' | 'email' | 'tel' | 'password' | 'number' | 'search' | 'url';

export type UiInputMode = 'none' | 'text' | 'decimal' | 'numeric' | 'tel' | 'search' | 'email' | 'url';

/** What every form control takes: its label, hint, error and id (the error summary's target). */
export interface UiFieldProps {
  /** the label (a group's legend: the question); or the `#label` slot */
  label?: string;
  /** a hint under the label; or the `#hint` slot */
  hint?: string;
  /** the error message; the control is then marked invalid and described by it */
  error?: string;
  /** id of the (first) input; generated when absent */
  id?: string;
  /** adds "(optional)" to the label */
  optional?: boolean;
}

/** One option of a radio group, checkbox group or select. */
export interface UiOption {
  value: string;
  label: string;
  /** a hint under the option's label (radios and checkboxes only) */
  hint?: string;
  disabled?: boolean;
}

export type UiDatePart = 'day' | 'month' | 'year';

/** The text of the three fields of a date input, as typed. */
export interface UiDateParts {
  day: string;
  month: string;
  year: string;
}

export type UiButtonVariant = 'primary' | 'secondary' | 'warning' | 'link';

/** One entry of the error summary: links to `#fieldId` and moves focus there. */
export interface UiErrorSummaryItem {
  fieldId: string;
  message: string;
}

export interface UiSummaryListAction {
  /** visible text, e.g. "Ändern" */
  label: string;
  /** completes the label for screen readers, e.g. "Name" → "Ändern Name" */
  visuallyHiddenText: string;
  /** renders a link; without it the action is a button calling onClick */
  href?: string;
  onClick?: (event: MouseEvent) => void;
}

export interface UiSummaryListRow {
  key: string;
  /** one line, or several lines (e.g. an address) */
  value?: string | readonly string[];
  action?: UiSummaryListAction;
}

/** One bar of UiBarChart: its label, the number its length shows, and that number as text ("12,5 Tage"). */
export interface UiBarChartItem {
  label: string;
  value: number;
  /** the value as the reader sees it, in the app's language and unit; default the plain number */
  valueText?: string;
}

export interface UiLink {
  href: string;
  label: string;
}

export interface UiLogo {
  src: string;
  /** alternative text; '' when the app name is shown beside the logo anyway */
  alt: string;
}

export interface UiLanguageOption {
  /** BCP 47 code, e.g. 'de', 'en' */
  code: string;
  /** the language's name in the current UI language, e.g. "Englisch" (shown as a tooltip) */
  label: string;
  /** the language's name in itself, e.g. "English" (the visible text) */
  nativeLabel: string;
}

export type UiTone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

export type UiPoliteness = 'polite' | 'assertive';
