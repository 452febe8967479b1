import { ALL_SCOPES, type Scope } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '@buergeramt/platform';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityProblem } from '../common/identity.errors';
import { hashToken, randomToken, safeEqual } from '../common/secrets';
import { TokensService } from '../tokens/tokens.service';
import { ApiClientEntity } from './api-client.entity';
import type {
  ApiClientDto,
  ApiClientListDto,
  CreateApiClientDto,
  CreatedApiClientDto,
  TokenResponseDto,
} from './dto/api-clients.dto';
import { MESSAGES } from '../common/messages';
import { Clock } from '@buergeramt/platform';

function toDto(client: ApiClientEntity): ApiClientDto {
  return {
    id: client.id,
    clientId: client.clientId,
    name: client.name,
    scopes: client.scopes,
    createdAt: client.createdAt.toISOString(),
    lastUsedAt: client.lastUsedAt?.toISOString() ?? null,
  };
}

/** A hash to compare against when the client_id is unknown, so that answer takes as long. */
const UNKNOWN_CLIENT_HASH = hashToken(randomBytes(32).toString('base64url'));

/** Machine clients: admin CRUD and the client credentials grant (RFC 6749 §4.4). */
@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ApiClientListDto> {
    const rows = await this.dataSource.manager.find(ApiClientEntity, {
      where: { revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    return { items: rows.map(toDto), nextCursor: null };
  }

  /** Creates a client; the secret is random (256 bit), returned this once, and stored as SHA-256. */
  async create(dto: CreateApiClientDto, actor: AuthUser, requestId: string): Promise<CreatedApiClientDto> {
    const clientSecret = randomToken(32);
    const client = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(ApiClientEntity, {
        id: uuidv7(),
        clientId: `cl_${randomBytes(12).toString('hex')}`,
        name: dto.name,
        secretHash: hashToken(clientSecret),
        scopes: [...dto.scopes],
        createdBy: actor.id,
        createdAt: this.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      });
      await manager.insert(ApiClientEntity, row);
      await this.audit.record(manager, {
        actor,
        action: 'api-client.created',
        targetType: 'api-client',
        targetId: row.id,
        details: { clientId: row.clientId, name: row.name, scopes: row.scopes },
        requestId,
      });
      return row;
    });
    return { ...toDto(client), clientSecret };
  }

  /** Revokes a client: its secret stops working at once (issued tokens run out within their lifetime). */
  async remove(id: string, actor: AuthUser, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ApiClientEntity, { where: { id, revokedAt: IsNull() } });
      if (!row) throw new IdentityProblem('not-found', MESSAGES.noClient);
      await manager.update(ApiClientEntity, { id }, { revokedAt: this.clock.now() });
      await this.audit.record(manager, {
        actor,
        action: 'api-client.deleted',
        targetType: 'api-client',
        targetId: id,
        details: { clientId: row.clientId },
        requestId,
      });
    });
  }

  /** The client credentials grant: authenticates the client and grants the requested subset of its scopes. */
  async clientCredentials(
    clientId: string,
    clientSecret: string,
    scope: string | undefined,
  ): Promise<TokenResponseDto> {
    const client = await this.dataSource.manager.findOne(ApiClientEntity, {
      where: { clientId, revokedAt: IsNull() },
    });
    const secretOk = safeEqual(hashToken(clientSecret), client?.secretHash ?? UNKNOWN_CLIENT_HASH);
    if (!client || !secretOk) throw new IdentityProblem('invalid-client', MESSAGES.clientUnknown);
    const requested = scope?.split(' ').filter((s) => s.length > 0);
    let granted: Scope[];
    if (!requested || requested.length === 0) {
      // a scope no longer in ALL_SCOPES (nothing in the database restricts the stored list) is never granted
      granted = client.scopes.filter((s) => (ALL_SCOPES as readonly string[]).includes(s));
    } else {
      const refused = requested.filter(
        (s) => !(client.scopes as string[]).includes(s) || !(ALL_SCOPES as readonly string[]).includes(s),
      );
      if (refused.length > 0) {
        throw new IdentityProblem('invalid-scope', MESSAGES.scopeRefused(refused.join(' ')));
      }
      granted = [...new Set(requested)] as Scope[];
    }
    await this.dataSource.manager.update(
      ApiClientEntity,
      { id: client.id },
      { lastUsedAt: this.clock.now() },
    );
    return {
      access_token: await this.tokens.accessTokenForClient(client.clientId, granted),
      token_type: 'Bearer',
      expires_in: this.tokens.accessTokenTtlSeconds,
      scope: granted.join(' '),
    };
  }
}
