import { Injectable } from '@nestjs/common';
import { AccessErrors } from '@vigil/domain';
import { ApiTokenEntity, ApiTokenRepository, AuditLogRepository } from '@vigil/persistence';
import { DataSource } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { auditEntry } from '../shared/audit-entry';
import { tokenAuditState } from './token-audit-state';
import { TokenAuthenticationService } from './token-authentication.service';

@Injectable()
export class RevokeApiTokenUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditLogRepository,
    private readonly auth: TokenAuthenticationService,
  ) {}

  /** Idempotent: revoking a revoked token returns it unchanged and records nothing new. */
  async execute(cmd: ActorContext & { idOrName: string }): Promise<ApiTokenEntity> {
    const token = await this.db.transaction(async (em) => {
      const t = await this.tokens.findByIdOrName(cmd.idOrName, em);
      if (!t) throw AccessErrors.tokenNotFound(cmd.idOrName);
      if (t.revokedAt) return t;
      if (t.role === 'admin' && (await this.tokens.countActiveAdmins(em)) <= 1)
        throw AccessErrors.lastAdminToken(t.name);
      const before = tokenAuditState(t);
      t.revokedAt = new Date();
      const saved = await this.tokens.save(em, t);
      await this.audit.append(
        em,
        auditEntry(cmd, {
          action: 'token.revoked',
          entityType: 'token',
          entityId: t.id,
          before,
          after: tokenAuditState(saved),
        }),
      );
      return saved;
    });
    this.auth.forget(token.id);
    return token;
  }
}
