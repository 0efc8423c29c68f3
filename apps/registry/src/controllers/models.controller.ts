import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateModelDto, PageQueryDto, UpdateModelDto } from '@vigil/contracts';
import type { Principal } from '@vigil/domain';
import { AnyRole, CurrentPrincipal, Roles, etagFor } from '@vigil/platform';
import { CreateModelUseCase, GetModelUseCase, ListModelsUseCase, UpdateModelUseCase } from '@vigil/registry';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { presentModel, presentModelSummary } from '../presenters/model.presenter';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('models')
@ApiBearerAuth()
@Controller('api/v1/models')
export class ModelsController {
  constructor(
    private readonly createModel: CreateModelUseCase,
    private readonly updateModel: UpdateModelUseCase,
    private readonly getModel: GetModelUseCase,
    private readonly listModels: ListModelsUseCase,
  ) {}

  @Get()
  @AnyRole()
  async list(@Query() q: PageQueryDto) {
    const page = await this.listModels.execute(q);
    return { items: page.items.map(presentModelSummary), nextCursor: page.nextCursor };
  }

  @Post()
  @Idempotent()
  @HttpCode(201)
  @Roles('submitter')
  async create(
    @Body() body: CreateModelDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const model = await this.createModel.execute({ ...body, principal, requestId: String(req.id) });
    void reply.header('ETag', etagFor(model.rowVersion)).header('Location', `/api/v1/models/${model.name}`);
    return presentModel(model, null);
  }

  @Get(':name')
  @AnyRole()
  async show(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { model, latestVersion } = await this.getModel.execute(name);
    void reply.header('ETag', etagFor(model.rowVersion));
    return presentModel(model, latestVersion);
  }

  @Patch(':name')
  @Roles('submitter')
  async update(
    @Param('name') name: string,
    @Body() body: UpdateModelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const model = await this.updateModel.execute({ ...body, name, ifMatch, principal, requestId: String(req.id) });
    const { latestVersion } = await this.getModel.execute(name);
    void reply.header('ETag', etagFor(model.rowVersion));
    return presentModel(model, latestVersion);
  }
}
