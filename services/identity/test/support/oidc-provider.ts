import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

/**
 * The real OpenID Connect provider of test/fixtures/oidc-provider.mjs (the oidc-provider package), run in
 * a child process because it is ESM-only and Jest runs CommonJS.
 */
export class TestOidcProvider {
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  static async start(options: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
  }): Promise<TestOidcProvider> {
    const child = spawn(process.execPath, [join(__dirname, '..', 'fixtures', 'oidc-provider.mjs')], {
      env: {
        PATH: process.env.PATH,
        CLIENT_ID: options.clientId,
        CLIENT_SECRET: options.clientSecret,
        REDIRECT_URI: options.redirectUri,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start: ${errors}`)), 15_000);
      child.once('exit', (code) => reject(new Error(`the OIDC provider exited with ${code}: ${errors}`)));
      child.stdout.once('data', (chunk: Buffer) => {
        clearTimeout(timer);
        resolve((JSON.parse(chunk.toString().split('\n')[0] ?? '') as { issuer: string }).issuer);
      });
    });
    return new TestOidcProvider(child, issuer);
  }

  /** The account the next login at the provider is finished with. */
  async loginAs(account: TestAccount): Promise<void> {
    const res = await fetch(`${this.issuer}/__test/account`, {
      method: 'POST',
      body: JSON.stringify(account),
    });
    if (res.status !== 204) throw new Error(`cannot choose the account: ${res.status}`);
  }

  /**
   * Follows the browser's redirects at the provider (with its cookies) from the authorization URL until
   * the provider sends the browser to `callbackPrefix`; returns that URL.
   */
  async authorize(authorizationUrl: string, callbackPrefix: string): Promise<string> {
    const jar = new Map<string, string>();
    let url = authorizationUrl;
    for (let hop = 0; hop < 15; hop++) {
      if (url.startsWith(callbackPrefix)) return url;
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const header of res.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location)
        throw new Error(
          `provider answered ${res.status} without a redirect: ${await res.text()}\n${this.stderr}`,
        );
      url = new URL(location, url).toString();
    }
    throw new Error(`too many redirects at the provider\n${this.stderr}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
