import { GENERIC_PROBLEMS, ProblemException } from '@buergeramt/platform';

/** Every error this service raises on purpose. Each maps to one problem type below. */
export type NotificationsErrorCode =
  'notification-not-found' | 'delivery-not-found' | 'delivery-not-retryable' | 'not-a-person';

function assertUnreachable(code: never): never {
  throw new Error(`unmapped error code ${String(code)}`);
}

/** The problem+json of an error code: stable `type` slugs that clients may rely on. */
export function notificationsProblem(code: NotificationsErrorCode, detail?: string): ProblemException {
  switch (code) {
    case 'notification-not-found':
      return new ProblemException(
        404,
        'not-found',
        GENERIC_PROBLEMS[404].title,
        detail ?? 'There is no such notification, or it is not yours.',
      );
    case 'delivery-not-found':
      return new ProblemException(
        404,
        'not-found',
        GENERIC_PROBLEMS[404].title,
        detail ?? 'No such delivery.',
      );
    case 'delivery-not-retryable':
      return new ProblemException(
        409,
        'delivery-not-retryable',
        'Only failed deliveries can be retried',
        detail ?? 'This delivery has not failed.',
      );
    case 'not-a-person':
      return new ProblemException(
        403,
        'forbidden',
        GENERIC_PROBLEMS[403].title,
        detail ?? 'Only people have notifications; machine clients have none.',
      );
    default:
      return assertUnreachable(code);
  }
}
