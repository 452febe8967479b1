import { spawn } from 'node:child_process';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type * as OTPAuth from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Browser journeys as a person makes them: Debian's Chromium driven by playwright-core against the
 * platform global-setup.cjs started (real services, Postgres, Redis, SMTP mailbox). Every page a journey
 * visits is checked with axe-core; a request to any other host is refused and fails the journey, and so
 * does any console error or uncaught exception.
 */
export const BASE_URL = (): string => {
  const base = process.env.E2E_BASE_URL;
  if (!base) throw new Error('E2E_BASE_URL is not set: the journeys run under e2e/jest.config.js');
  return base;
};
export const MAILBOX_URL = (): string => process.env.E2E_MAILBOX_URL ?? '';

/** A running platform: its public address (the one its mails link to) and its local mailbox. */
export interface Platform {
  base: string;
  mailbox: string;
}

/** The platform global-setup.cjs started for every journey of this run. */
export const sharedPlatform = (): Platform => ({ base: BASE_URL(), mailbox: MAILBOX_URL() });

/**
 * A platform of a journey's own, for settings the shared one does not have (e.g. `MFA_REQUIRED=true`):
 * `npm start` on its own ports, schemas and Redis prefix (tools/stack.mjs, run by support/platform.mjs),
 * the per-IP limits off as in the shared one. Stop it in `afterAll`.
 */
export async function startPlatform(
  env: Record<string, string>,
): Promise<Platform & { stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'platform.mjs'),
      JSON.stringify({ RATE_LIMIT_GLOBAL: '0', RATE_LIMIT_AUTH: '0', RATE_LIMIT_BOOKING: '0', ...env }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = await new Promise<{ portBase: number; mailbox: string }>((resolve, reject) => {
    let line = '';
    child.stdout.on('data', (chunk: Buffer) => {
      line += chunk.toString();
      if (line.includes('\n'))
        resolve(JSON.parse(line.split('\n')[0] ?? '') as { portBase: number; mailbox: string });
    });
    child.once('exit', (code) =>
      reject(new Error(`the platform did not come up (${code}):\n${output.slice(-4000)}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    // the address mails link to (PUBLIC_BASE_URL of `npm start` is http://localhost:<port>)
    base: `http://localhost:${started.portBase}`,
    mailbox: started.mailbox,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export type Language = 'de' | 'en';

let browser: Browser | undefined;

export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** axe-core's WCAG 2.1 A/AA rules; the journeys fail on any serious or critical violation. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Journey {
  page: Page;
  context: BrowserContext;
  language: Language;
  /** Checks the page as it is now with axe-core (call it on every page and state the journey reaches). */
  audit(label?: string): Promise<void>;
  /** Every page audited so far, for the journey's own summary. */
  audited: string[];
  /** Fails when anything was requested from another host or the console logged an error. */
  finish(): Promise<void>;
}

export interface JourneyOptions {
  language: Language;
  /** Viewport; default a laptop. Mobile journeys pass e.g. { width: 390, height: 844 }. */
  viewport?: { width: number; height: number };
  /** Console errors that are expected in this journey (e.g. a 409 the page explains). */
  allowConsole?: RegExp[];
  /** The platform to visit; default the shared one (`startPlatform` starts another). */
  platform?: Platform;
}

export async function startJourney(options: JourneyOptions): Promise<Journey> {
  const base = new URL((options.platform ?? sharedPlatform()).base);
  const b = await launchBrowser();
  const context = await b.newContext({
    baseURL: base.origin,
    locale: options.language === 'de' ? 'de-DE' : 'en-GB',
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const foreign: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    // the browser's own pages and viewers (Chromium's PDF viewer: chrome:, chrome-extension:) are no request
    // to another host
    if (url.host === base.host || ['data:', 'blob:', 'chrome:', 'chrome-extension:'].includes(url.protocol))
      return route.continue();
    foreign.push(url.href);
    return route.abort('blockedbyclient');
  });
  // the app's language: German is the default; an English journey chooses English as a person would,
  // on the first page, through the language switch (the choice is then remembered)
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = `${message.text()} (${message.location().url})`;
    if (!(options.allowConsole ?? []).some((pattern) => pattern.test(text))) consoleErrors.push(text);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const audited: string[] = [];

  return {
    page,
    context,
    language: options.language,
    audited,
    async audit(label) {
      await page.waitForLoadState('load');
      // WCAG 1.4.10 reflow: nothing scrolls sideways (meaningful on the narrow viewports: 320 px is
      // what 400 % zoom leaves of a 1280 px window)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) {
        throw new Error(`${label ?? page.url()} scrolls sideways by ${overflow} px at this width`);
      }
      // E2E_SCREENSHOTS=<dir>: every audited page as a picture, to look at what a resident sees
      const shots = process.env.E2E_SCREENSHOTS;
      if (shots) {
        const name = `${String(audited.length + 1).padStart(2, '0')}-${(label ?? 'page').replace(/[^a-z0-9]+/gi, '-')}.png`;
        await page.screenshot({ path: `${shots}/${name}`, fullPage: true });
      }
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const where = `${label ?? (await page.title())} (${page.url()})`;
      audited.push(where);
      if (grave.length > 0) {
        const report = grave
          .map(
            (v) =>
              `- ${v.id} [${v.impact}]: ${v.help}\n${v.nodes
                .slice(0, 5)
                .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`)
                .join('\n')}`,
          )
          .join('\n');
        throw new Error(`axe-core found serious or critical violations on ${where}:\n${report}`);
      }
    },
    async finish() {
      await context.close();
      if (foreign.length > 0) throw new Error(`requests to other hosts:\n${foreign.join('\n')}`);
      if (consoleErrors.length > 0) throw new Error(`console errors:\n${consoleErrors.join('\n')}`);
    },
  };
}

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments: { filename: string; contentType: string }[];
}

/** The newest mail to `address` whose subject matches, waiting for it to arrive in the local mailbox. */
export async function mailTo(
  address: string,
  subject: RegExp,
  timeoutMs = 30_000,
  platform: Platform = sharedPlatform(),
): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${platform.mailbox}/api/mails`);
    const { items } = (await res.json()) as { items: Mail[] };
    const mail = items.find(
      (m) => m.to.some((t) => t.toLowerCase().includes(address.toLowerCase())) && subject.test(m.subject),
    );
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail "${String(subject)}" to ${address} arrived within ${timeoutMs / 1000} s`);
}

/**
 * The first link in a mail's text that leads to `path`. Mails carry PUBLIC_BASE_URL, which is the app
 * under test: a link that points anywhere else fails here, so the journeys prove where mail links lead.
 */
export function linkIn(mail: Mail, path: RegExp, platform: Platform = sharedPlatform()): string {
  const links = mail.text.match(/https?:\/\/[^\s>)"]+/g) ?? [];
  const link = links.find((l) => path.test(new URL(l).pathname));
  if (!link) throw new Error(`no link to ${String(path)} in "${mail.subject}":\n${mail.text}`);
  if (new URL(link).origin !== new URL(platform.base).origin) {
    throw new Error(`the mail links to ${link}, not to the app at ${platform.base}`);
  }
  return link;
}

export const uniqueEmail = (label: string): string =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.org`;

/**
 * A verified citizen account made through the API as the app would (register, then the token of the
 * mailed verification link), for journeys that begin with an existing account.
 */
export async function createAccount(
  account: {
    email: string;
    password: string;
    givenName?: string;
    familyName?: string;
    locale?: Language;
  },
  platform: Platform = sharedPlatform(),
): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${platform.base}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': account.locale ?? 'de' },
      body: JSON.stringify(body),
    });
  const registered = await post('/auth/register', {
    email: account.email,
    password: account.password,
    givenName: account.givenName ?? 'Erika',
    familyName: account.familyName ?? 'Mustermann',
    locale: account.locale ?? 'de',
  });
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}`);
  const mail = await mailTo(account.email, /bestätigen|confirm/i, 30_000, platform);
  const token = new URL(linkIn(mail, /\/konto\/bestaetigen$/, platform)).searchParams.get('token');
  const verified = await post('/auth/verify-email', { token });
  if (verified.status !== 204) throw new Error(`verify-email answered ${verified.status}`);
}

const TOTP_PERIOD_MS = 30_000;

/**
 * A person's authenticator app for a journey: each code it gives is of a later time step than the one
 * before, because identity accepts each step once per account. Identity also accepts one step of clock
 * drift either way (services/identity/src/mfa/totp.ts), so the first code is of the previous step (when
 * enough of the current one is left for it to arrive) and the next ones of the steps after it; the
 * journey waits for the clock only when a code would be more than one step ahead, not for a whole step
 * before every code.
 */
export function authenticator(totp: OTPAuth.TOTP): { next(): Promise<string> } {
  let last: number | null = null;
  return {
    async next() {
      const now = Date.now();
      const current = Math.floor(now / TOTP_PERIOD_MS);
      const step =
        last === null
          ? now % TOTP_PERIOD_MS < TOTP_PERIOD_MS / 2
            ? current - 1
            : current
          : Math.max(last + 1, current);
      // one step ahead is accepted; further ahead waits until the step before it has begun
      const wait = (step - 1) * TOTP_PERIOD_MS - now;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
      last = step;
      return totp.generate({ timestamp: step * TOTP_PERIOD_MS });
    },
  };
}
