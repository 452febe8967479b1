import { Logger } from '@nestjs/common';
import { passwordProblem } from '../src/accounts/password-policy';
import { DEMO_ACCOUNTS } from '../src/seed/demo-accounts';
import { SeedService } from '../src/seed/seed.service';
import { IdentityHarness } from './support/identity';

describe('demo accounts and MFA off (DEMO_SEED=true, MFA_REQUIRED=false)', () => {
  let h: IdentityHarness;
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    h = await IdentityHarness.boot({ DEMO_SEED: 'true', MFA_REQUIRED: 'false' });
  });

  afterAll(async () => {
    warn.mockRestore();
    await h?.close();
  });

  it('says loudly at start that MFA is off', () => {
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual(
      expect.arrayContaining([expect.stringContaining('MFA_REQUIRED=false')]),
    );
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.roles[0], a] as const))(
    'the %s logs in with the documented password, no TOTP',
    async (_role, account) => {
      expect(passwordProblem(account.password, { email: account.email })).toBeNull();
      const res = await h.login(account.email, account.password);
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toEqual({
        id: account.id,
        email: account.email,
        givenName: account.givenName,
        familyName: account.familyName,
        roles: account.roles,
      });
    },
  );

  it('seeding again changes nothing, and the bootstrap admin is not needed when an admin exists', async () => {
    const before = await h.snapshot();
    const seed = h.get(SeedService);
    expect(await seed.seedDemoAccounts()).toBe(0);
    expect(await seed.bootstrapAdmin()).toBe(false);
    expect(await h.snapshot()).toEqual(before);
  });

  it('the README lists every demo account with its password', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(`${__dirname}/../../../README.md`, 'utf8');
    for (const account of DEMO_ACCOUNTS) {
      expect(readme).toContain(account.email);
      expect(readme).toContain(account.password);
    }
  });
});
