import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreatePersonDto,
  HistoryQueryDto,
  PromoteDto,
  RequestApprovalDto,
  RollbackDto,
  SignApprovalDto,
} from '@vigil/contracts';
import { type Principal, RegistryErrors, TARGET_NAME_PATTERN } from '@vigil/domain';
import {
  CreatePersonUseCase,
  GetApprovalPolicyUseCase,
  GetApprovalRequestUseCase,
  ListApprovalRequestsUseCase,
  PromoteVersionUseCase,
  RequestApprovalUseCase,
  RollBackTargetUseCase,
  SetApprovalPolicyUseCase,
  SignApprovalUseCase,
  SiteHistoryUseCase,
  SiteManifestService,
} from '@vigil/governance';
import { AnyRole, CurrentPrincipal, Roles } from '@vigil/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { presentApprovalView, presentPerson, presentPolicy } from '../presenters/governance.presenter';
import { Idempotent } from '../http/idempotency.interceptor';

const actor = (principal: Principal, req: FastifyRequest) => ({ principal, requestId: String(req.id) });

@ApiTags('governance')
@ApiBearerAuth()
@Controller('api/v1')
export class GovernanceController {
  constructor(
    private readonly createPerson: CreatePersonUseCase,
    private readonly setPolicy: SetApprovalPolicyUseCase,
    private readonly getPolicy: GetApprovalPolicyUseCase,
    private readonly requestApproval: RequestApprovalUseCase,
    private readonly signApproval: SignApprovalUseCase,
    private readonly getApproval: GetApprovalRequestUseCase,
    private readonly listApprovals: ListApprovalRequestsUseCase,
    private readonly promote: PromoteVersionUseCase,
    private readonly rollback: RollBackTargetUseCase,
    private readonly manifests: SiteManifestService,
    private readonly history: SiteHistoryUseCase,
  ) {}

  @Post('users')
  @Idempotent()
  @HttpCode(201)
  @Roles('admin')
  async addPerson(@Body() body: CreatePersonDto, @CurrentPrincipal() p: Principal, @Req() req: FastifyRequest) {
    return presentPerson(
      await this.createPerson.execute({ ...body, attributes: body.attributes ?? [], ...actor(p, req) }),
    );
  }

  @Put('models/:name/policy')
  @Roles('admin')
  async putPolicy(
    @Param('name') name: string,
    @Body() document: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: FastifyRequest,
  ) {
    const { policy, staleRequests } = await this.setPolicy.execute({ modelName: name, document, ...actor(p, req) });
    return { ...presentPolicy(name, policy), staleRequests };
  }

  @Get('models/:name/policy')
  @AnyRole()
  async showPolicy(@Param('name') name: string) {
    return presentPolicy(name, await this.getPolicy.execute(name));
  }

  @Post('approvals')
  @Idempotent()
  @HttpCode(201)
  @Roles('submitter', 'deployer')
  async open(@Body() body: RequestApprovalDto, @CurrentPrincipal() p: Principal, @Req() req: FastifyRequest) {
    const request = await this.requestApproval.execute({
      modelName: body.model,
      version: body.version,
      environment: body.environment,
      sites: body.sites ?? [],
      note: body.note,
      ...actor(p, req),
    });
    return presentApprovalView(await this.getApproval.execute(request.id));
  }

  @Get('models/:name/approvals')
  @AnyRole()
  async listForModel(@Param('name') name: string) {
    return { items: await this.listApprovals.execute(name) };
  }

  @Get('approvals/:id')
  @AnyRole()
  async show(@Param('id') id: string) {
    return presentApprovalView(await this.getApproval.execute(id));
  }

  /** Who may sign is the policy's business (checked in the use case); every signer re-authenticates. */
  @Post('approvals/:id/signatures')
  @Idempotent()
  @HttpCode(201)
  @AnyRole()
  async sign(
    @Param('id') id: string,
    @Body() body: SignApprovalDto,
    @CurrentPrincipal() p: Principal,
    @Req() req: FastifyRequest,
  ) {
    await this.signApproval.execute({ approvalRequestId: id, ...body, ...actor(p, req) });
    return presentApprovalView(await this.getApproval.execute(id));
  }

  @Post('models/:name/deployments')
  @Idempotent()
  @HttpCode(201)
  @Roles('deployer')
  async promoteVersion(
    @Param('name') name: string,
    @Body() body: PromoteDto,
    @CurrentPrincipal() p: Principal,
    @Req() req: FastifyRequest,
  ) {
    return this.promote.execute({ modelName: name, ...body, ...actor(p, req) });
  }

  @Post('models/:name/deployments/rollback')
  @Idempotent()
  @HttpCode(201)
  @Roles('deployer')
  async rollBack(
    @Param('name') name: string,
    @Body() body: RollbackDto,
    @CurrentPrincipal() p: Principal,
    @Req() req: FastifyRequest,
  ) {
    return this.rollback.execute({ modelName: name, ...body, ...actor(p, req) });
  }

  /** The edge node's poll: an unchanged manifest is a 304 answered from memory, with no database query. */
  @Get('sites/:site/deployment')
  @AnyRole()
  async manifest(
    @Param('site') site: string,
    @Query('environment') environment: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Checked by hand rather than through a DTO: this is the hottest route, polled by every edge node.
    if (environment !== undefined && !TARGET_NAME_PATTERN.test(environment)) {
      throw RegistryErrors.validation([
        { field: 'environment', message: 'must be 1–100 lower-case letters, digits, ".", "_" or "-"' },
      ]);
    }
    const cached = ifNoneMatch ? this.manifests.peek(site, environment) : null;
    if (cached && ifNoneMatch === cached.etag) {
      void reply.status(304).header('ETag', cached.etag);
      return undefined;
    }
    const m = await this.manifests.get(site, environment);
    void reply.header('ETag', m.etag).header('Cache-Control', 'no-cache');
    if (ifNoneMatch === m.etag) {
      void reply.status(304);
      return undefined;
    }
    return m.body;
  }

  @Get('sites/:site/history')
  @AnyRole()
  async siteHistory(@Param('site') site: string, @Query() q: HistoryQueryDto) {
    const at = new Date(q.at);
    const items = await this.history.execute(site, at);
    return {
      site,
      at: at.toISOString(),
      items: q.environment ? items.filter((i) => i.environment === q.environment) : items,
    };
  }
}
