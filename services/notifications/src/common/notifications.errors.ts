import { DomainProblem, GENERIC_PROBLEMS, type ProblemTable } from '@buergeramt/platform';

/** Every error this service raises on purpose. Each maps to one problem type below. */
export type NotificationsErrorCode =
  'notification-not-found' | 'delivery-not-found' | 'delivery-not-retryable' | 'not-a-person';

/** The problem+json of each error code: stable `type` slugs that clients may rely on. */
const PROBLEMS: ProblemTable<NotificationsErrorCode> = {
  'notification-not-found': {
    status: 404,
    type: 'not-found',
    title: GENERIC_PROBLEMS[404].title,
    detail: 'There is no such notification, or it is not yours.',
  },
  'delivery-not-found': {
    status: 404,
    type: 'not-found',
    title: GENERIC_PROBLEMS[404].title,
    detail: 'No such delivery.',
  },
  'delivery-not-retryable': {
    status: 409,
    title: 'Only failed deliveries can be retried',
    detail: 'This delivery has not failed.',
  },
  'not-a-person': {
    status: 403,
    type: 'forbidden',
    title: GENERIC_PROBLEMS[403].title,
    detail: 'Only people have notifications; machine clients have none.',
  },
};

/** A problem+json error of the notifications service. */
export class NotificationsProblem extends DomainProblem<NotificationsErrorCode> {
  constructor(code: NotificationsErrorCode, detail?: string, extensions?: Record<string, unknown>) {
    super(PROBLEMS, code, detail, extensions);
  }
}
