import type { JwtStrategy } from '@buergeramt/platform';
import type { FastifyInstance } from 'fastify';
import { problemFor, sendProblem } from '../problem/send-problem';

/**
 * Defence in depth: a request that carries a bearer token is only passed on when the token verifies
 * (signature by identity's current keys, issuer, audience, expiry). Requests without one pass, since
 * many routes are public; the owning service verifies again and decides what the caller may do.
 * The check runs on `onRequest`, before any body is read, so a forged token cannot push an upload through.
 */
export function registerTokenCheck(scope: FastifyInstance, strategy: JwtStrategy): void {
  scope.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header || !/^bearer\s/i.test(header)) return;
    const outcome = await strategy.verifyRequest(request);
    switch (outcome.kind) {
      case 'success':
        return;
      case 'unavailable':
        return sendProblem(
          reply,
          problemFor(reply, 503, 'Sign-in could not be checked right now. Please try again shortly.'),
        );
      case 'fail':
        return sendProblem(reply, problemFor(reply, 401, 'The access token is not valid or has expired.'));
    }
  });
}
