import { BASE_URL, createAccount, linkIn, mailTo, uniqueEmail } from '../support/journey';

/**
 * Helpers of the security suite: plain HTTP against the platform global-setup.cjs started (through the
 * gateway, as a browser or another municipal system would call it), the demo accounts, fresh accounts
 * of the suite's own, and the check that an error answer is RFC 9457 problem+json.
 */
export const API = (): string => `${BASE_URL()}/api/v1`;

/** The demo accounts identity creates with DEMO_SEED=true (README.md); staff log in without TOTP here. */
export const DEMO = {
  citizen: { email: 'buerger@demo.esslingen.de', password: 'Neckarufer-Buerger-2026' },
  clerk: { email: 'sachbearbeitung@demo.esslingen.de', password: 'Neckarufer-Schalter-2026' },
  supervisor: { email: 'leitung@demo.esslingen.de', password: 'Neckarufer-Leitung-2026' },
  admin: { email: 'admin@demo.esslingen.de', password: 'Neckarufer-Admin-2026' },
} as const;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export interface CallOptions {
  token?: string;
  /** Serialised as JSON (with content-type application/json) unless `raw` is given. */
  body?: unknown;
  /** A body sent as it is; give its content type in `headers`. */
  raw?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Per request; an answer that does not come within it is an error (default 30 s). */
  timeoutMs?: number;
}

/** One request; `path` is relative to /api/v1 unless it starts with `http` or `/api`/`/`-rooted app paths. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const url = /^https?:/.test(path) ? path : path.startsWith('/api/') ? `${BASE_URL()}${path}` : API() + path;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.raw;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  try {
    const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
    // an event stream never ends: its headers are the answer
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, headers: res.headers, text: '', json: undefined };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with the answer when its status is not `expected`. */
export function expectStatus(answer: Answer, expected: number, what: string): void {
  if (answer.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
}

export async function login(account: { email: string; password: string }): Promise<string> {
  const res = await call('POST', '/auth/login', { body: account });
  expectStatus(res, 200, `login of ${account.email}`);
  return (res.json as { accessToken: string }).accessToken;
}

/** The id (`sub`) a token names: the payload of the JWT, not verified (the server verifies it). */
export function subjectOf(token: string): string {
  const [, encoded] = token.split('.');
  if (encoded === undefined) throw new Error('not a JWT: no payload');
  const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as {
    sub: string;
  };
  return payload.sub;
}

export interface Citizen {
  email: string;
  password: string;
  token: string;
  id: string;
}

/** A verified citizen account of the suite's own (registered and confirmed through the mailbox). */
export async function newCitizen(label: string): Promise<Citizen> {
  const email = uniqueEmail(label);
  const password = 'Sicherheit-am-Neckarufer-2026';
  await createAccount({ email, password, givenName: 'Erika', familyName: 'Prüfung' });
  const token = await login({ email, password });
  return { email, password, token, id: subjectOf(token) };
}

/** A staff account created by the admin (POST /admin/users); its password is set through the invitation mail. */
export interface Staff {
  id: string;
  email: string;
  /** the password set from the invitation (for a journey that logs in through the back office) */
  password: string;
  token: string;
}

/**
 * A staff account of the suite's own, as an admin makes one: POST /admin/users, the invitation mail's
 * link, the password set with its token (POST /auth/password/reset), then a login (staff log in without
 * TOTP in this stack: MFA_REQUIRED=false).
 */
export async function newStaff(
  adminToken: string,
  roles: ('clerk' | 'supervisor' | 'admin')[],
  locationIds?: string[],
): Promise<Staff> {
  const email = uniqueEmail(roles.join('-'));
  const created = await call('POST', '/admin/users', {
    token: adminToken,
    body: { email, givenName: 'Sabine', familyName: 'Schalter', roles, locationIds, locale: 'de' },
  });
  expectStatus(created, 201, 'POST /admin/users');
  const mail = await mailTo(email, /Einladung/);
  const token = new URL(linkIn(mail, /\/backoffice\/einladung$/)).searchParams.get('token');
  const password = 'Schalter-am-Neckarufer-2026';
  expectStatus(
    await call('POST', '/auth/password/reset', { body: { token, password } }),
    204,
    'set password',
  );
  return {
    id: (created.json as { id: string }).id,
    email,
    password,
    token: await login({ email, password }),
  };
}

/** A machine client (POST /admin/api-clients) and its access token (client credentials, POST /auth/token). */
export async function newClient(
  adminToken: string,
  scopes: string[],
): Promise<{ id: string; clientId: string; token: string }> {
  const created = await call('POST', '/admin/api-clients', {
    token: adminToken,
    body: { name: `Sicherheitstest ${scopes.join(' ') || 'ohne Scope'}`, scopes },
  });
  expectStatus(created, 201, 'POST /admin/api-clients');
  const { id, clientId, clientSecret } = created.json as {
    id: string;
    clientId: string;
    clientSecret: string;
  };
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const issued = await call('POST', '/auth/token', {
    raw: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expectStatus(issued, 200, 'POST /auth/token');
  return { id, clientId, token: (issued.json as { access_token: string }).access_token };
}

/**
 * What is wrong with an error answer, if anything: every 4xx and 5xx is `application/problem+json` with
 * `type`, `title` and `status` (the answer's own), and names no stack, SQL or internal module.
 */
export function problemIssues(answer: Answer): string[] {
  const issues: string[] = [];
  const type = answer.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) issues.push(`content-type "${type}"`);
  const body = answer.json as { type?: unknown; title?: unknown; status?: unknown } | undefined;
  if (typeof body !== 'object' || body === null) {
    issues.push(`body is not a JSON object: ${JSON.stringify(answer.text.slice(0, 120))}`);
  } else {
    if (typeof body.type !== 'string' || body.type === '') issues.push('no type');
    if (typeof body.title !== 'string' || body.title === '') issues.push('no title');
    if (body.status !== answer.status) issues.push(`status ${JSON.stringify(body.status)} in the body`);
  }
  if (LEAK.test(answer.text)) issues.push(`leaks internals: ${answer.text.slice(0, 200)}`);
  return issues;
}

/** Stack frames, SQL errors and module paths that must never reach a caller. */
const LEAK =
  /node_modules|\bat [\w$.<>]+ \(.*:\d+:\d+\)|QueryFailedError|duplicate key value|violates (?:not-null|foreign key|unique|check) constraint|syntax error at or near|invalid input syntax for|TypeError:|ReferenceError:/;

/** A deterministic PRNG (mulberry32): the same seed gives the same inputs, so a failure reproduces. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4-shaped UUID from the PRNG (exists nowhere). */
export function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'.charAt(Math.floor(random() * 4));
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Runs `tasks` with at most `concurrency` at a time, in order of start. */
export async function pool<T>(concurrency: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      // index < tasks.length: the loop condition just checked it
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}

/** A minimal valid PNG (1×1 pixel), for uploads. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body with one file field (or the parts given). */
export function multipart(
  parts: { name: string; filename?: string; type?: string; content: Buffer | string }[],
  boundary = '----security-suite-boundary',
  terminated = true,
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (part.type ? `Content-Type: ${part.type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  if (terminated) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Uploads a small PNG as `token`'s document; its id. */
/** Retries `attempt` until it gives a value (events between services take a moment). */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Submits an application whose documents were just uploaded, as a resident would after the app showed
 * them as checked: the malware scan and the event that tells applications about it take a moment, and
 * until then the submit is a 422 naming the document (`documentIds[i]`), which is retried.
 */
export async function submitOnceScanned(token: string, id: string): Promise<Answer> {
  return eventually('the submit once the documents are scanned', async () => {
    const res = await call('POST', `/applications/${id}/submit`, { token });
    const errors = (res.json as { errors?: { field: string }[] } | undefined)?.errors ?? [];
    if (res.status === 422 && errors.length > 0 && errors.every((e) => e.field.startsWith('documentIds[')))
      return undefined;
    return res;
  });
}

export async function uploadDocument(token: string, filename = 'nachweis.png'): Promise<string> {
  const { body, contentType } = multipart([{ name: 'file', filename, type: 'image/png', content: PNG_1X1 }]);
  const res = await call('POST', '/documents', {
    token,
    raw: body,
    headers: { 'content-type': contentType },
  });
  expectStatus(res, 201, 'upload');
  return (res.json as { id: string }).id;
}

interface ServiceSummary {
  id: string;
  slug: string;
  appointmentRequired: boolean;
  onlineApplication: boolean;
}

/** The catalogue (every service; the demo has a few dozen at most). */
export async function services(): Promise<ServiceSummary[]> {
  const res = await call('GET', '/services?limit=100');
  expectStatus(res, 200, 'GET /services');
  return (res.json as { items: ServiceSummary[] }).items;
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Free slots of a service (optionally at one location) from a few days ahead on. */
export async function freeSlots(
  serviceId: string,
  locationId?: string,
): Promise<{ locationId: string; start: string }[]> {
  const at = locationId ? `&locationId=${locationId}` : '';
  const res = await call('GET', `/slots?serviceId=${serviceId}${at}&from=${day(3)}&to=${day(40)}`);
  expectStatus(res, 200, 'GET /slots');
  return (res.json as { items: { locationId: string; start: string }[] }).items;
}

/**
 * Books a free slot (as `token`'s citizen, or as a guest with `contact`), trying further slots when a
 * parallel booking took one; the booking as the API answered it.
 */
export async function book(
  serviceId: string,
  options: { token?: string; contact?: { name: string; email: string }; locationId?: string; pick?: number },
): Promise<{ id: string; reference: string; status: string; locationId: string; start: string }> {
  const slots = await freeSlots(serviceId, options.locationId);
  // spread the suite's bookings over the calendar, so they do not crowd the first free slots journeys use
  const offset = (options.pick ?? 0) % Math.max(1, slots.length);
  for (let i = 0; i < Math.min(slots.length, 20); i++) {
    // i < slots.length: there is a slot, and the index is below the length
    const slot = slots[(slots.length - 1 - offset - i + slots.length) % slots.length]!;
    const res = await call('POST', '/appointments', {
      token: options.token,
      body: { serviceId, locationId: slot.locationId, start: slot.start, contact: options.contact },
    });
    if (res.status === 201)
      return res.json as { id: string; reference: string; status: string; locationId: string; start: string };
    if (res.status !== 409) expectStatus(res, 201, 'booking');
  }
  throw new Error('no free slot could be booked');
}

/**
 * A guest booking (with `contact`, no account) and its manage token, taken from the link in the mail that
 * asks the guest to confirm it (the same token lets the guest see, move and cancel it).
 */
export async function guestBooking(
  serviceId: string,
  pick = 0,
  locationId?: string,
): Promise<{ id: string; token: string; email: string; locationId: string }> {
  const email = uniqueEmail('gast');
  const booked = await book(serviceId, { contact: { name: 'Gustav Gast', email }, pick, locationId });
  const mail = await mailTo(email, /bestätigen Sie Ihren Termin|confirm your appointment/i);
  const link = new URL(linkIn(mail, new RegExp(`/termine/${booked.id}/bestaetigen$`)));
  return { id: booked.id, token: link.searchParams.get('token')!, email, locationId: booked.locationId };
}

export { uniqueEmail };
