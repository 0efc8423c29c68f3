import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditLogQueryDto } from '@vigil/contracts';
import { ListAuditLogUseCase, VerifyAuditTrailUseCase } from '@vigil/governance';
import type { AuditLogEntryEntity } from '@vigil/persistence';
import { AnyRole } from '@vigil/platform';

/** The audit trail: auditors hold the viewer role, so reading and verifying it is open to every role. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly verifyTrail: VerifyAuditTrailUseCase,
    private readonly listLog: ListAuditLogUseCase,
  ) {}

  /** 200 whether or not the chain holds: a broken chain is the answer to the question, not a failed request. */
  @Get('verify')
  @AnyRole()
  async verify() {
    const v = await this.verifyTrail.execute();
    return {
      ok: v.ok,
      entriesChecked: v.entriesChecked,
      ...(v.ok ? {} : { firstBrokenId: Number(v.firstBrokenId), reason: v.reason, detail: v.detail }),
      lastId: v.lastId === null ? null : Number(v.lastId),
      lastHash: v.lastHash,
      durationMs: v.durationMs,
    };
  }

  @Get()
  @AnyRole()
  async list(@Query() q: AuditLogQueryDto) {
    const page = await this.listLog.execute(q);
    return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
  }
}

function presentAuditEntry(e: AuditLogEntryEntity) {
  return {
    id: Number(e.id),
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
