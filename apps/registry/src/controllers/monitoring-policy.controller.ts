import { Body, Controller, Get, Headers, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MonitoringPolicyQueryDto, PageQueryDto } from '@vigil/contracts';
import type { Principal } from '@vigil/domain';
import {
  GetMonitoringPolicyUseCase,
  ListMonitoringPolicyRevisionsUseCase,
  SetMonitoringPolicyUseCase,
} from '@vigil/drift-monitor';
import type { MonitoringPolicyEntity } from '@vigil/persistence';
import { AnyRole, CurrentPrincipal, Roles, etagFor } from '@vigil/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { presentMonitoringPolicy } from '../presenters/monitoring-policy.presenter';

/**
 * A model's monitoring policy: every PUT is the next revision, kept and audited. Setting it is a governance
 * decision, so it takes the committee's role (`approver`, or `admin`); reading it takes any role.
 */
@ApiTags('monitoring-policy')
@ApiBearerAuth()
@Controller('api/v1/models/:name/monitoring-policy')
export class MonitoringPolicyController {
  constructor(
    private readonly setPolicy: SetMonitoringPolicyUseCase,
    private readonly getPolicy: GetMonitoringPolicyUseCase,
    private readonly listRevisions: ListMonitoringPolicyRevisionsUseCase,
  ) {}

  /**
   * The body is the policy document itself (JSON). If-Match is optional: the ETag of the revision you read (`"0"`
   * when there was none), so that a change made meanwhile fails with 412 instead of being overwritten.
   */
  @Put()
  @Roles('approver')
  async put(
    @Param('name') modelName: string,
    @Body() document: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const requestId = String(req.id);
    const saved = await this.setPolicy.execute({ modelName, document, ifMatch, principal, requestId });
    return withEtag(reply, modelName, saved);
  }

  /** The policy in force with its ETag (for If-Match), or `?revision=n` (no ETag: it is not what a PUT replaces). */
  @Get()
  @AnyRole()
  async show(
    @Param('name') name: string,
    @Query() q: MonitoringPolicyQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const found = await this.getPolicy.execute(name, q.revision);
    return q.revision === undefined ? withEtag(reply, name, found) : presentMonitoringPolicy(name, found);
  }

  @Get('revisions')
  @AnyRole()
  async revisions(@Param('name') name: string, @Query() q: PageQueryDto) {
    const page = await this.listRevisions.execute(name, q);
    return { items: page.items.map((p) => presentMonitoringPolicy(name, p)), nextCursor: page.nextCursor };
  }
}

/** The revision as JSON, its number as the ETag a later PUT may send in If-Match. */
function withEtag(reply: FastifyReply, modelName: string, row: MonitoringPolicyEntity) {
  void reply.header('ETag', etagFor(row.revision));
  return presentMonitoringPolicy(modelName, row);
}
