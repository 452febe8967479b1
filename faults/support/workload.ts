import { DEMO_SERVICE_IDS, type DemoServiceSlug } from '@buergeramt/contracts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { ApiClient, GaveUp } from './client';
import type { Mail, Mailbox } from './mailbox';

/** Services every demo office offers (a citizen may hold one future booking of each). */
const DESK_SERVICES: DemoServiceSlug[] = [
  'personalausweis',
  'reisepass',
  'kinderreisepass',
  'wohnsitz-anmelden',
  'wohnsitz-abmelden',
  'meldebescheinigung',
  'melderegisterauskunft',
  'fuehrungszeugnis',
  'beglaubigung',
  'ausweis-abholung',
];
/** The demo form without required documents. */
const FORM_SERVICE = DEMO_SERVICE_IDS.meldebescheinigung;
const PASSWORD = 'Neckarufer-Fehlertest-2026';

export interface Citizen {
  email: string;
  userId: string;
  token: string;
}

interface Slot {
  locationId: string;
  start: string;
  end: string;
}

export type Intent =
  | { kind: 'guest-booking'; id: string; serviceId: string; slot: Slot; email: string }
  | { kind: 'citizen-booking'; id: string; serviceId: string; slot: Slot; citizen: Citizen }
  | { kind: 'submission'; id: string; citizen: Citizen; purpose: string };

export interface Outcome {
  /** the client got its 2xx in the end */
  confirmed: boolean;
  /** the appointment's or case's id from that answer */
  resultId: string | null;
  error: string | null;
}

/** One intent as the database and the mailbox show it. */
export interface Check {
  intent: Intent;
  outcome: Outcome | undefined;
  rows: { id: string; status: string }[];
  mails: Mail[];
}

export interface Tally {
  sent: number;
  confirmed: number;
  stored: number;
  delivered: number;
  lost: number;
  /** extra stored rows, and extra mails that are different messages (another Message-ID) */
  duplicated: number;
  /**
   * the same message (same Message-ID) received once more: SMTP's at-least-once window, when the server
   * accepted a mail but the sender could not record it (notifications README, "One event, one mail")
   */
  resent: number;
  /** intents not (yet) complete, for error messages */
  missing: string[];
  /** intents with an extra row or a second, different mail: always an error */
  duplicates: string[];
  /** intents whose one mail the SMTP server accepted more than once (same Message-ID): reported, allowed */
  resends: string[];
}

export function tally(checks: Check[]): Tally {
  const result: Tally = {
    sent: checks.length,
    confirmed: 0,
    stored: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    resent: 0,
    missing: [],
    duplicates: [],
    resends: [],
  };
  for (const c of checks) {
    if (c.outcome?.confirmed) result.confirmed += 1;
    if (c.rows.length > 0) result.stored += 1;
    if (c.mails.length > 0) result.delivered += 1;
    // a confirmation the database does not back up is an error too: the answer must name the stored row
    const answerMatches = !c.outcome?.resultId || c.rows.some((r) => r.id === c.outcome?.resultId);
    const complete =
      c.outcome?.confirmed === true && c.rows.length > 0 && c.mails.length > 0 && answerMatches;
    if (!complete) {
      result.lost += 1;
      result.missing.push(
        `${c.intent.kind} ${c.intent.id}: confirmed=${c.outcome?.confirmed ?? 'pending'} rows=${c.rows.length} mails=${c.mails.length}${answerMatches ? '' : ' (answer names another id)'}${c.outcome?.error ? ` error=${c.outcome.error}` : ''}`,
      );
    }
    const messages = new Set(c.mails.map((m) => m.messageId)).size;
    const extra = Math.max(0, c.rows.length - 1) + Math.max(0, messages - 1);
    result.resent += c.mails.length - messages;
    const line = `${c.intent.kind} ${c.intent.id}: rows=${c.rows.length} mails=${c.mails.length} (Message-IDs ${c.mails.map((m) => m.messageId).join(', ')})`;
    if (extra > 0) {
      result.duplicated += extra;
      result.duplicates.push(line);
    } else if (c.mails.length > messages) {
      result.resends.push(line);
    }
  }
  return result;
}

/**
 * The stream of bookings and submissions of the fault scenarios, through the gateway like a real client,
 * and how each intent ended up in the database and the mailbox.
 */
export class Workload {
  readonly client: ApiClient;
  private readonly citizens: Citizen[] = [];
  /** service id → free slots not handed out yet */
  private readonly slots = new Map<string, Slot[]>();
  /** location id → intervals handed out (kept 30 min apart, so intents never compete for a counter) */
  private readonly taken = new Map<string, [number, number][]>();
  private readonly citizenServices = new Set<string>();
  readonly outcomes = new Map<string, Outcome>();
  private sequence = 0;

  constructor(
    base: string,
    private readonly db: Client,
    private readonly mailbox: Mailbox,
    private readonly schemaPrefix: string,
    private readonly run: string,
  ) {
    this.client = new ApiClient(base);
  }

  private table(service: string, name: string): string {
    return `"${this.schemaPrefix}${service}"."${name}"`;
  }

  // ------------------------------------------------------------------------------------------- setup

  /** Registers `count` citizens (verification link from the mailbox), logs them in. */
  async registerCitizens(count: number): Promise<Citizen[]> {
    const created: Citizen[] = [];
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const email = `buerger-${this.run}-${this.citizens.length + i}@example.org`;
        const registered = await this.client.call('POST', '/auth/register', {
          body: { email, password: PASSWORD, givenName: 'Erika', familyName: 'Mustermann', locale: 'de' },
        });
        if (registered.status !== 202) throw new Error(`register ${email}: ${registered.status}`);
        const token = await this.verificationToken(email);
        const verified = await this.client.call('POST', '/auth/verify-email', { body: { token } });
        if (verified.status !== 204) throw new Error(`verify ${email}: ${verified.status}`);
        const login = await this.client.call<{ accessToken: string }>('POST', '/auth/login', {
          body: { email, password: PASSWORD },
        });
        if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
        const accessToken = login.body.accessToken;
        const [, payload] = accessToken.split('.');
        if (payload === undefined) throw new Error(`login ${email}: the access token has no payload`);
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
          sub: string;
        };
        created.push({ email, userId: claims.sub, token: accessToken });
      }),
    );
    this.citizens.push(...created);
    return created;
  }

  private async verificationToken(email: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const mail = (await this.mailbox.mails()).find((m) => m.to.includes(email));
      const token = mail && /[?&]token=([\w-]+)/.exec(mail.text)?.[1];
      if (token) return token;
      await sleep(200);
    }
    throw new Error(`no verification mail for ${email}`);
  }

  /** Reads the free slots of the desk services (2 to 58 days ahead) once; intents take from them. */
  async loadSlots(): Promise<void> {
    const day = (offset: number): string =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const slug of DESK_SERVICES) {
      const serviceId = DEMO_SERVICE_IDS[slug];
      const res = await this.client.call<{ items: Slot[] }>(
        'GET',
        `/slots?serviceId=${serviceId}&from=${day(2)}&to=${day(58)}`,
      );
      if (res.status !== 200 || res.body.items.length === 0)
        throw new Error(`no slots for ${slug}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      // spread over the whole window, so that consecutive intents land on different days and offices
      const items = [...res.body.items];
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        // 0 ≤ j ≤ i < items.length: both are elements
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      this.slots.set(serviceId, items);
    }
  }

  private takeSlot(serviceId: string): Slot {
    const free = this.slots.get(serviceId) ?? [];
    const margin = 30 * 60_000;
    while (free.length > 0) {
      const slot = free.pop()!;
      const start = Date.parse(slot.start);
      const end = Date.parse(slot.end);
      const taken = this.taken.get(slot.locationId) ?? [];
      if (taken.some(([s, e]) => start < e + margin && end > s - margin)) continue;
      taken.push([start, end]);
      this.taken.set(slot.locationId, taken);
      return slot;
    }
    throw new Error(`no free slot left for service ${serviceId}`);
  }

  // ------------------------------------------------------------------------------------------ intents

  /** The next intent of the mix: guest booking, citizen booking, submission, in turn. */
  private nextIntent(scenario: string): Intent {
    const n = this.sequence++;
    const id = randomUUID();
    const serviceOf = (k: number): string => {
      const slug = DESK_SERVICES[k % DESK_SERVICES.length];
      if (slug === undefined) throw new Error('no desk services to book');
      return DEMO_SERVICE_IDS[slug];
    };
    switch (n % 3) {
      case 0: {
        const serviceId = serviceOf(n);
        return {
          kind: 'guest-booking',
          id,
          serviceId,
          slot: this.takeSlot(serviceId),
          email: `gast-${this.run}-${n}@example.org`,
        };
      }
      case 1: {
        // a citizen holds at most one future booking per service: each (citizen, service) once
        for (let k = 0; k < this.citizens.length; k++) {
          // k < this.citizens.length: there is a citizen, and the index is below the length
          const citizen = this.citizens[(n + k) % this.citizens.length]!;
          for (const slug of DESK_SERVICES) {
            const serviceId = DEMO_SERVICE_IDS[slug];
            const pair = `${citizen.userId}:${serviceId}`;
            if (this.citizenServices.has(pair)) continue;
            this.citizenServices.add(pair);
            return { kind: 'citizen-booking', id, serviceId, slot: this.takeSlot(serviceId), citizen };
          }
        }
        throw new Error('every citizen holds a booking of every service: register more citizens');
      }
      default: {
        const citizen = this.citizens[n % this.citizens.length];
        if (citizen === undefined) throw new Error('no citizen for a submission: register citizens first');
        return { kind: 'submission', id, citizen, purpose: `Fehlertest ${scenario} ${id}` };
      }
    }
  }

  /**
   * Starts `count` intents, one every `spacingMs`, each retried by the client until it is confirmed or
   * `retryMs` have passed. Returns the intents at once and a promise for the end of the stream.
   */
  stream(
    scenario: string,
    count: number,
    spacingMs: number,
    retryMs = 180_000,
  ): { intents: Intent[]; done: Promise<void> } {
    const intents = Array.from({ length: count }, () => this.nextIntent(scenario));
    const done = Promise.all(
      intents.map(async (intent, i) => {
        await sleep(i * spacingMs);
        const outcome = await this.perform(intent, Date.now() + retryMs);
        this.outcomes.set(intent.id, outcome);
      }),
    ).then(() => undefined);
    return { intents, done };
  }

  private async perform(intent: Intent, retryUntil: number): Promise<Outcome> {
    try {
      if (intent.kind !== 'submission') {
        const res = await this.client.call<{ id: string }>('POST', '/appointments', {
          body: {
            serviceId: intent.serviceId,
            locationId: intent.slot.locationId,
            start: intent.slot.start,
            ...(intent.kind === 'guest-booking'
              ? { contact: { name: 'Gast Fehlertest', email: intent.email } }
              : {}),
          },
          token: intent.kind === 'citizen-booking' ? intent.citizen.token : undefined,
          idempotencyKey: intent.id,
          retryUntil,
        });
        if (res.status !== 201) return failed(`booking answered ${res.status} ${JSON.stringify(res.body)}`);
        return { confirmed: true, resultId: res.body.id, error: null };
      }
      const token = intent.citizen.token;
      // creating a draft has no Idempotency-Key (API.md): a retry may leave an empty draft behind
      const draft = await this.client.call<{ id: string }>('POST', '/applications', {
        body: { serviceId: FORM_SERVICE },
        token,
        retryUntil,
      });
      if (draft.status !== 201) return failed(`draft answered ${draft.status} ${JSON.stringify(draft.body)}`);
      const id = draft.body.id;
      const data = {
        applicant: { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1980-04-01' },
        kind: 'einfach',
        purpose: intent.purpose,
      };
      const saved = await this.client.call('PATCH', `/applications/${id}`, {
        body: { data },
        token,
        retryUntil,
      });
      if (saved.status !== 200)
        return failed(`autosave answered ${saved.status} ${JSON.stringify(saved.body)}`);
      const submitted = await this.client.call<{ id: string; status: string }>(
        'POST',
        `/applications/${id}/submit`,
        { token, idempotencyKey: intent.id, retryUntil },
      );
      if (submitted.status !== 200 && submitted.status !== 201)
        return failed(`submit answered ${submitted.status} ${JSON.stringify(submitted.body)}`);
      return { confirmed: true, resultId: id, error: null };
    } catch (error) {
      return failed(error instanceof GaveUp ? error.message : String(error));
    }
  }

  // ---------------------------------------------------------------------------------------- checking

  /** How every intent stands in the database and the mailbox right now. */
  async check(intents: Intent[]): Promise<Check[]> {
    const mails = await this.mailbox.mails();
    const checks: Check[] = [];
    for (const intent of intents) {
      let rows: { id: string; status: string }[];
      let mine: Mail[];
      if (intent.kind === 'submission') {
        rows = (
          await this.db.query<{ id: string; status: string }>(
            `SELECT id, status FROM ${this.table('applications', 'applications')}
             WHERE owner_id = $1 AND data->>'purpose' = $2`,
            [intent.citizen.userId, intent.purpose],
          )
        ).rows;
        const ids = new Set(rows.map((r) => r.id));
        mine = mails.filter(
          (m) => m.to.includes(intent.citizen.email) && m.applicationId !== null && ids.has(m.applicationId),
        );
        // a case that is not submitted is not what the intent asked for
        rows = rows.filter((r) => r.status === 'submitted');
      } else {
        const personKey =
          intent.kind === 'guest-booking' ? `email:${intent.email}` : `user:${intent.citizen.userId}`;
        const email = intent.kind === 'guest-booking' ? intent.email : intent.citizen.email;
        rows = (
          await this.db.query<{ id: string; status: string }>(
            `SELECT id, status FROM ${this.table('appointments', 'appointments')}
             WHERE person_key = $1 AND location_id = $2 AND start_at = $3 AND status NOT IN ('cancelled', 'expired')`,
            [personKey, intent.slot.locationId, intent.slot.start],
          )
        ).rows;
        const ids = new Set(rows.map((r) => r.id));
        mine = mails.filter(
          (m) => m.to.includes(email) && m.appointmentId !== null && ids.has(m.appointmentId),
        );
      }
      checks.push({ intent, outcome: this.outcomes.get(intent.id), rows, mails: mine });
    }
    return checks;
  }
}

function failed(error: string): Outcome {
  return { confirmed: false, resultId: null, error };
}
