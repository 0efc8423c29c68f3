import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessErrors, type Role, RegistryErrors } from '@vigil/domain';
import { ApiTokenEntity, ApiTokenRepository, AuditLogRepository } from '@vigil/persistence';
import { DataSource, QueryFailedError } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { tokenAuditState } from './token-audit-state';
import { hashTokenSecret, newTokenSecret, tokenPrefix } from './token-secret';

export interface CreateApiTokenCommand {
  actor: ActorContext | { system: string };
  name: string;
  role: Role;
  expiresAt?: Date;
}

export interface CreatedApiToken {
  token: ApiTokenEntity;
  /** Returned once, never stored: only its SHA-256 is kept. */
  secret: string;
}

@Injectable()
export class CreateApiTokenUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(cmd: CreateApiTokenCommand): Promise<CreatedApiToken> {
    if (cmd.expiresAt && cmd.expiresAt.getTime() <= Date.now()) {
      throw RegistryErrors.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const secret = newTokenSecret();
    const actorName = 'system' in cmd.actor ? cmd.actor.system : cmd.actor.principal.name;
    try {
      const token = await this.db.transaction(async (em) => {
        const saved = await this.tokens.save(
          em,
          Object.assign(new ApiTokenEntity(), {
            id: randomUUID(),
            name: cmd.name,
            role: cmd.role,
            tokenHash: hashTokenSecret(secret),
            tokenPrefix: tokenPrefix(secret),
            createdBy: actorName,
            createdAt: new Date(),
            expiresAt: cmd.expiresAt ?? null,
            revokedAt: null,
          }),
        );
        await this.audit.append(em, {
          actor: actorName,
          actorRole: 'system' in cmd.actor ? null : cmd.actor.principal.role,
          action: 'token.created',
          entityType: 'token',
          entityId: saved.id,
          before: null,
          after: tokenAuditState(saved),
          requestId: 'system' in cmd.actor ? null : cmd.actor.requestId,
        });
        return saved;
      });
      return { token, secret };
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        throw AccessErrors.tokenExists(cmd.name);
      }
      throw e;
    }
  }
}
