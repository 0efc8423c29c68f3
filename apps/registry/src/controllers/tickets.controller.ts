import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TicketActionDto, TicketListQueryDto } from '@vigil/contracts';
import type { Principal } from '@vigil/domain';
import { GovernanceTickets, type TicketWithHistory } from '@vigil/drift-monitor';
import { DriftMonitorRepository } from '@vigil/persistence';
import { AnyRole, CurrentPrincipal, Roles } from '@vigil/platform';
import type { FastifyRequest } from 'fastify';
import { Idempotent } from '../http/idempotency.interceptor';
import { presentTicket, presentTicketSummary } from '../presenters/ticket.presenter';

/**
 * Governance tickets opened by the drift monitor (docs/drift-monitor.md). Anyone may read them; the committee
 * (approvers) and model owners (submitters) acknowledge; only approvers resolve by hand. Every action is audited.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: GovernanceTickets,
    private readonly repo: DriftMonitorRepository,
  ) {}

  @Get()
  @AnyRole()
  async list(@Query() q: TicketListQueryDto) {
    const page = await this.tickets.list(q);
    return { items: page.items.map(presentTicketSummary), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @AnyRole()
  async show(@Param('id') id: string) {
    return this.present(await this.tickets.show(id));
  }

  @Post(':id/acknowledge')
  @Idempotent()
  @HttpCode(200)
  @Roles('approver', 'submitter')
  async acknowledge(
    @Param('id') id: string,
    @Body() body: TicketActionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ) {
    return this.present(
      await this.tickets.acknowledge({ ticket: id, principal, requestId: String(req.id), note: body.note }),
    );
  }

  @Post(':id/resolve')
  @Idempotent()
  @HttpCode(200)
  @Roles('approver')
  async resolve(
    @Param('id') id: string,
    @Body() body: TicketActionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ) {
    return this.present(
      await this.tickets.resolve({ ticket: id, principal, requestId: String(req.id), note: body.note }),
    );
  }

  private async present(t: TicketWithHistory) {
    return presentTicket(t, await this.repo.deliveriesOf(t.ticket.id));
  }
}
