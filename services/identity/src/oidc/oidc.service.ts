import { Role, hasStaffRole } from '@buergeramt/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  errors,
  generators,
  Issuer,
  type BaseClient,
  type IdTokenClaims,
  type UserinfoResponse,
} from 'openid-client';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { OneTimeTokensService } from '../accounts/one-time-tokens.service';
import { UserEntity } from '../accounts/user.entity';
import { AuthService, type Session } from '../auth/auth.service';
import { normalizeEmail } from '../common/email';
import { IdentityProblem } from '../common/identity.errors';
import { hashToken, randomToken, safeEqual } from '../common/secrets';
import { IdentityConfig, type OidcProviderConfig, oidcRedirectUri } from '../config';
import { FederatedIdentityEntity, OidcLoginStateEntity } from './oidc.entities';
import { MESSAGES } from '../common/messages';
import { isPersonName, normalizeName } from '../accounts/dto/fields';
import { Clock } from '@buergeramt/platform';

const STATE_TTL_MS = 10 * 60 * 1000;

/** Why a federated login did not work; the browser is sent back to the app with it. */
export class OidcLoginError extends Error {
  constructor(
    readonly reason:
      | 'state-mismatch'
      | 'provider-error'
      | 'provider-unreachable'
      | 'token-rejected'
      | 'provider-refused'
      | 'staff-account'
      | 'account-disabled',
    message: string,
  ) {
    super(message);
  }
}

export interface ProviderSummary {
  id: string;
  displayName: string;
}

type Claims = IdTokenClaims & Partial<UserinfoResponse>;

/**
 * OpenID Connect relying party (openid-client): authorization code flow with PKCE (S256), a random state
 * bound to the browser by a cookie and a nonce checked in the ID token. Accounts are linked by the
 * provider's subject, and on first login by the e-mail address when the provider says it is verified.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private readonly clients = new Map<string, Promise<BaseClient>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly accountsService: AccountsService,
    private readonly tokens: OneTimeTokensService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  providers(): ProviderSummary[] {
    return this.config.OIDC_PROVIDERS.map((p) => ({ id: p.id, displayName: p.displayName }));
  }

  provider(id: string): OidcProviderConfig {
    const provider = this.config.OIDC_PROVIDERS.find((p) => p.id === id);
    if (!provider) throw new IdentityProblem('unknown-provider', MESSAGES.unknownProvider(id));
    return provider;
  }

  /** Begins a login: stores state, nonce and PKCE verifier, and gives the provider's authorization URL. */
  async start(providerId: string): Promise<{ url: string; state: string }> {
    const provider = this.provider(providerId);
    const client = await this.client(provider);
    const state = randomToken(32);
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    await this.dataSource.manager.insert(OidcLoginStateEntity, {
      stateHash: hashToken(state),
      provider: provider.id,
      nonce,
      codeVerifier,
      expiresAt: new Date(this.clock.now().getTime() + STATE_TTL_MS),
    });
    const url = client.authorizationUrl({
      scope: provider.scopes,
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state };
  }

  /** Completes a login from the provider's redirect; `cookieState` is the state cookie of this browser. */
  async callback(
    providerId: string,
    params: Record<string, string>,
    cookieState: string | undefined,
  ): Promise<Session> {
    const provider = this.provider(providerId);
    const state = params.state;
    if (!state || !cookieState || !safeEqual(state, cookieState)) {
      throw new OidcLoginError('state-mismatch', 'state missing or not the one this browser started with');
    }
    const stored = await this.takeState(state);
    if (!stored || stored.provider !== provider.id || stored.expiresAt <= this.clock.now()) {
      throw new OidcLoginError('state-mismatch', 'unknown, used or expired state');
    }
    if (params.error) throw new OidcLoginError('provider-error', `provider answered ${params.error}`);
    const client = await this.client(provider);
    let claims: Claims;
    try {
      const tokenSet = await client.callback(oidcRedirectUri(this.config, provider.id), params, {
        state,
        nonce: stored.nonce,
        code_verifier: stored.codeVerifier,
        response_type: 'code',
      });
      claims = tokenSet.claims();
      if (
        (claims.email === undefined || claims.email_verified === undefined) &&
        tokenSet.access_token &&
        client.issuer.metadata.userinfo_endpoint
      ) {
        const info = await client.userinfo(tokenSet.access_token);
        if (info.sub === claims.sub)
          claims = {
            ...info,
            ...claims,
            email: claims.email ?? info.email,
            email_verified: claims.email_verified ?? info.email_verified,
          };
      }
    } catch (error) {
      this.logger.warn(
        `login with ${provider.id} refused: ${error instanceof Error ? error.message : String(error)}`,
      );
      // OPError: the provider refused (e.g. the code with a wrong PKCE verifier); else our checks failed
      if (error instanceof errors.OPError)
        throw new OidcLoginError('provider-refused', 'the provider refused the code');
      throw new OidcLoginError('token-rejected', 'the provider answer did not pass the checks');
    }
    const user = await this.linkOrCreate(provider.id, claims);
    return this.auth.startSession(user);
  }

  /** Removes expired login states. */
  async deleteExpiredStates(): Promise<void> {
    await this.dataSource
      .getRepository(OidcLoginStateEntity)
      .createQueryBuilder()
      .delete()
      .where('expires_at < :now', { now: this.clock.now() })
      .execute();
  }

  /** Finds and deletes the stored login state: each state is good for one callback. */
  private takeState(state: string): Promise<OidcLoginStateEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(OidcLoginStateEntity)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.state_hash = :hash', { hash: hashToken(state) })
        .getOne();
      if (row) await manager.delete(OidcLoginStateEntity, { stateHash: row.stateHash });
      return row;
    });
  }

  private linkOrCreate(providerId: string, claims: Claims): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const link = await manager.findOne(FederatedIdentityEntity, {
        where: { provider: providerId, subject: claims.sub },
      });
      if (link) {
        const user = await this.accounts.findById(link.userId, manager);
        if (!user) throw new OidcLoginError('account-disabled', 'linked account is gone');
        if (user.disabledAt) throw new OidcLoginError('account-disabled', 'account is disabled');
        await manager.update(FederatedIdentityEntity, { id: link.id }, { lastLoginAt: now });
        return user;
      }
      const vouched =
        claims.email_verified === true && typeof claims.email === 'string' && claims.email.length <= 254;
      const email = vouched ? normalizeEmail(claims.email as string) : null;
      let user: UserEntity | null = null;
      if (email) {
        await this.accounts.lockEmail(manager, email);
        user = await this.accounts.findByEmail(email, manager);
      }
      if (user) {
        // staff accounts need their own password and TOTP: a provider cannot vouch for them
        if (hasStaffRole(user.roles))
          throw new OidcLoginError('staff-account', 'address belongs to a staff account');
        if (user.disabledAt) throw new OidcLoginError('account-disabled', 'account is disabled');
        if (!user.emailVerifiedAt) {
          // someone registered this address without proving it: their password must not survive
          user.passwordHash = null;
          user.emailVerifiedAt = now;
          user.updatedAt = now;
          await manager.save(user);
          await this.tokens.invalidateAll(manager, user.id, ['email-verification']);
        }
      } else {
        user = manager.create(UserEntity, {
          id: uuidv7(),
          email,
          emailVerifiedAt: email ? now : null,
          passwordHash: null,
          givenName: nameClaim(claims.given_name) ?? nameClaim(claims.name) ?? '',
          familyName: nameClaim(claims.family_name) ?? '',
          locale: claims.locale === 'en' ? 'en' : 'de',
          roles: [Role.Citizen],
          locationIds: null,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(UserEntity, user);
        await this.accountsService.publishProfileChanged(manager, user, null);
      }
      await manager.insert(FederatedIdentityEntity, {
        id: uuidv7(),
        provider: providerId,
        subject: claims.sub,
        userId: user.id,
        lastLoginAt: now,
      });
      return user;
    });
  }

  private client(provider: OidcProviderConfig): Promise<BaseClient> {
    let client = this.clients.get(provider.id);
    if (!client) {
      client = Issuer.discover(provider.issuer).then(
        (issuer) =>
          new issuer.Client({
            client_id: provider.clientId,
            client_secret: provider.clientSecret,
            redirect_uris: [oidcRedirectUri(this.config, provider.id)],
            response_types: ['code'],
          }),
      );
      client.catch((error: unknown) => {
        this.clients.delete(provider.id); // try again next time
        this.logger.warn(
          `cannot discover ${provider.issuer}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      this.clients.set(provider.id, client);
    }
    return client.catch(() => {
      throw new OidcLoginError('provider-unreachable', `${provider.id} cannot be reached`);
    });
  }
}

/** A name claim that passes the rule of names typed in (no links, digits or `@` into mails' greetings). */
function nameClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = normalizeName(value);
  return isPersonName(name) ? name : undefined;
}
