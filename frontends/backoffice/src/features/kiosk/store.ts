import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isProblem } from '@buergeramt/ui';
import { createTicket, requestToken, type Ticket, type TicketRequest, type TokenAnswer } from './api';

/**
 * The kiosk's credentials: the device's, not a person's (decisions.md). Kept in localStorage so the
 * kiosk works after a restart of its browser without staff at hand; the access token made from them
 * stays in memory.
 */
export const KIOSK_KEY = 'buergeramt.backoffice.kiosk';
/** the scope that lets a client draw tickets (identity's, granted by an admin) */
export const KIOSK_SCOPE = 'tickets:write';
/** a token is renewed when it has less than this left */
const RENEW_BEFORE_MS = 60_000;

export interface KioskCredentials {
  clientId: string;
  clientSecret: string;
}

/** Set-up refused because the client lacks the scope that draws tickets. */
export class MissingScopeError extends Error {
  constructor() {
    super(`the client lacks the scope ${KIOSK_SCOPE}`);
    this.name = 'MissingScopeError';
  }
}

function remembered(): KioskCredentials | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(KIOSK_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { clientId, clientSecret } = value as Record<string, unknown>;
    return typeof clientId === 'string' && typeof clientSecret === 'string' && clientId && clientSecret
      ? { clientId, clientSecret }
      : null;
  } catch {
    return null;
  }
}

function remember(credentials: KioskCredentials | null): void {
  try {
    if (credentials) window.localStorage.setItem(KIOSK_KEY, JSON.stringify(credentials));
    else window.localStorage.removeItem(KIOSK_KEY);
  } catch {
    // storage disabled: the set-up holds until the page reloads
  }
}

const refusedClient = (error: unknown): boolean =>
  isProblem(error) && (error.status === 401 || error.type === 'invalid-client');

/**
 * The kiosk of this device: set up once by staff with a kiosk client's id and secret (checked by asking
 * identity for a token with them), then drawing tickets with a token it renews before it expires. When
 * identity refuses the stored credentials (the client was deleted), the kiosk says it is out of service
 * (`refused`) until staff set it up again. The last ticket drawn is kept in memory for the ticket screen.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const credentials = shallowRef<KioskCredentials | null>(remembered());
  const refused = ref(false);
  const ticket = shallowRef<Ticket | null>(null);
  let token: { value: string; expiresAt: number } | null = null;
  let renewing: Promise<string> | null = null;

  const configured = computed(() => credentials.value !== null);

  function keep(answer: TokenAnswer): string {
    token = { value: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000 };
    refused.value = false;
    return answer.access_token;
  }

  /**
   * Sets the device up with a kiosk client: identity must issue a token for them with the scope that
   * draws tickets. Throws identity's problem (401 `invalid-client`) or a MissingScopeError; nothing is
   * kept then.
   */
  async function setUp(clientId: string, clientSecret: string): Promise<void> {
    const answer = await requestToken(clientId.trim(), clientSecret);
    if (!answer.scope.split(' ').includes(KIOSK_SCOPE)) throw new MissingScopeError();
    credentials.value = { clientId: clientId.trim(), clientSecret };
    remember(credentials.value);
    refused.value = false;
    keep(answer);
  }

  /** A valid access token: the one in memory, or a new one when it is about to expire. */
  function accessToken(): Promise<string> {
    if (token && token.expiresAt - Date.now() > RENEW_BEFORE_MS) return Promise.resolve(token.value);
    const current = credentials.value;
    if (!current) return Promise.reject(new Error('the kiosk is not set up'));
    renewing ??= requestToken(current.clientId, current.clientSecret)
      .then(keep, (error: unknown) => {
        if (refusedClient(error)) refused.value = true;
        throw error;
      })
      .finally(() => (renewing = null));
    return renewing;
  }

  /**
   * Draws a ticket (check-in or walk-in) and keeps it for the ticket screen. A 401 (the token no longer
   * accepted) renews the token once and tries again. Throws the API's problem otherwise.
   */
  async function draw(request: TicketRequest): Promise<Ticket> {
    let drawn: Ticket;
    const current = await accessToken();
    try {
      drawn = await createTicket(current, request);
    } catch (error) {
      if (!isProblem(error) || error.status !== 401) throw error;
      token = null;
      drawn = await createTicket(await accessToken(), request);
    }
    ticket.value = drawn;
    return drawn;
  }

  /** Back to the start: the ticket shown is forgotten. */
  function clearTicket(): void {
    ticket.value = null;
  }

  /**
   * Removes the set-up from the device when `secret` is the client secret it was set up with (staff
   * confirm with it, so a passer-by cannot switch the kiosk off); false otherwise.
   */
  function reset(secret: string): boolean {
    if (!credentials.value || secret !== credentials.value.clientSecret) return false;
    credentials.value = null;
    remember(null);
    token = null;
    refused.value = false;
    ticket.value = null;
    return true;
  }

  return { configured, refused, ticket, setUp, accessToken, draw, clearTicket, reset };
});
