import type { NewClosure } from '../api';

/** The closure form as typed: a whole day, or part of it between two times. */
export interface ClosureForm {
  date: string;
  partial: boolean;
  starts: string;
  ends: string;
  reason: string;
  reasonPublic: boolean;
}

export type ClosureField = 'date' | 'starts' | 'ends' | 'reason';
/** Keys under `admin.closures.errors`. */
export type ClosureError =
  'dateRequired' | 'dateFormat' | 'timeRequired' | 'timeFormat' | 'endsBeforeStarts' | 'reasonTooLong';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const emptyClosure = (): ClosureForm => ({
  date: '',
  partial: false,
  starts: '',
  ends: '',
  reason: '',
  reasonPublic: false,
});

/** What is wrong with the form, per field (empty when it can be sent). */
export function checkClosureForm(form: ClosureForm): Partial<Record<ClosureField, ClosureError>> {
  const errors: Partial<Record<ClosureField, ClosureError>> = {};
  if (!form.date) errors.date = 'dateRequired';
  else if (!DATE.test(form.date) || Number.isNaN(Date.parse(`${form.date}T00:00:00Z`)))
    errors.date = 'dateFormat';
  if (form.partial) {
    for (const field of ['starts', 'ends'] as const) {
      const value = form[field].trim();
      if (!value) errors[field] = 'timeRequired';
      else if (!HHMM.test(value)) errors[field] = 'timeFormat';
    }
    if (!errors.starts && !errors.ends && form.ends.trim() <= form.starts.trim())
      errors.ends = 'endsBeforeStarts';
  }
  if (form.reason.length > 200) errors.reason = 'reasonTooLong';
  return errors;
}

/** The body of POST …/closures (and of its preview): times only for part of a day. */
export function closureBody(form: ClosureForm): NewClosure {
  const reason = form.reason.trim();
  return {
    date: form.date,
    ...(form.partial ? { starts: form.starts.trim(), ends: form.ends.trim() } : {}),
    ...(reason ? { reason } : {}),
    // a reason to show, or none shown
    reasonPublic: reason ? form.reasonPublic : false,
  };
}

/** The same closure as far as its effect goes (date and times): a preview stays valid while this holds. */
export const effectKey = (form: ClosureForm): string =>
  JSON.stringify([
    form.date,
    form.partial,
    form.partial ? form.starts.trim() : '',
    form.partial ? form.ends.trim() : '',
  ]);
