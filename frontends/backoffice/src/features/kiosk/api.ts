import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/**
 * The kiosk's own calls (a machine client of identity, not a person's session): its access token by the
 * client credentials grant, and tickets with that token. Views call these through the kiosk store.
 */

export type Ticket = Schema<'TicketDto'>;
export type TokenAnswer = Schema<'TokenResponseDto'>;
/** a check-in by the booking reference, or a walk-in ticket for a service */
export type TicketRequest =
  { reference: string; locationId: string } | { locationId: string; serviceId: string };

/**
 * POST /auth/token (client credentials): the kiosk's access token; 401 `invalid-client` for wrong ones.
 * The credentials go in the form, not as HTTP Basic: identity answers a refused Basic login with
 * `WWW-Authenticate`, and a browser then opens its own log-in prompt over the kiosk.
 */
export function requestToken(clientId: string, clientSecret: string): Promise<TokenAnswer> {
  return ok(
    api.POST('/api/v1/auth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
}

/** POST /tickets with the kiosk's token (the client's, not a person's session). */
export function createTicket(token: string, body: TicketRequest): Promise<Ticket> {
  return ok(api.POST('/api/v1/tickets', { body, headers: { authorization: `Bearer ${token}` } }));
}
