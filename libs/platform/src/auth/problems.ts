import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';

// Problem-shaped exception bodies: the platform's problem filter renders `type`/`title`/`detail` as
// application/problem+json. The slugs are stable: clients rely on them.

export function unauthorized(detail: string): UnauthorizedException {
  return new UnauthorizedException({ type: 'unauthorized', title: 'Not logged in', detail });
}

export function keysUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    type: 'service-unavailable',
    title: 'Service unavailable',
    detail: 'Access tokens cannot be verified right now. Please try again shortly.',
  });
}
