import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type EventBatch,
  EventBatchDto,
  FeedbackBatchDto,
  type IngestReceipt,
  OutcomeBatchDto,
} from '@vigil/contracts';
import type { Principal } from '@vigil/domain';
import { EventBatchPipe, IngestEventsUseCase, RecordFeedbackUseCase, RecordOutcomesUseCase } from '@vigil/drift-ingest';
import { CurrentPrincipal, Idempotent, Roles } from '@vigil/platform';
import { IngestTally } from '../metrics/ingest-tally';

/** The routes whose bodies may be as large as VIGIL_INGEST_BODY_LIMIT_BYTES (every other route keeps 5 MiB). */
export const INGEST_ROUTES = ['/api/v1/events', '/api/v1/outcomes', '/api/v1/feedback'];

/**
 * Ingestion (docs/drift-ingestion.md): what inference nodes post. They hold deployer tokens (the same service
 * accounts that pull their site's manifest), optionally scoped to their site. Every answer comes after the batch
 * is committed; a retried batch is a no-op counted as duplicates.
 */
@ApiTags('ingestion')
@ApiBearerAuth()
@Controller('api/v1')
export class DriftEventsController {
  constructor(
    private readonly ingestEvents: IngestEventsUseCase,
    private readonly recordOutcomes: RecordOutcomesUseCase,
    private readonly recordFeedback: RecordFeedbackUseCase,
    private readonly tally: IngestTally,
  ) {}

  @Post('events')
  @Idempotent()
  @HttpCode(200)
  @Roles('deployer')
  // The OpenAPI document still describes the body by its DTO; the checking is EventBatchPipe's (much cheaper).
  @ApiBody({ type: EventBatchDto })
  async events(
    @Body(EventBatchPipe) body: EventBatch,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestReceipt> {
    const tally = await this.tally.forEvents(body.events);
    const receipt = await this.ingestEvents.execute({ principal, events: body.events });
    tally.record(receipt.stored);
    return receipt;
  }

  @Post('outcomes')
  @Idempotent()
  @HttpCode(200)
  @Roles('deployer')
  async outcomes(@Body() body: OutcomeBatchDto, @CurrentPrincipal() principal: Principal): Promise<IngestReceipt> {
    const tally = await this.tally.forOutcomes(body.outcomes);
    const receipt = await this.recordOutcomes.execute({ principal, outcomes: body.outcomes });
    tally.record(receipt.stored);
    return receipt;
  }

  @Post('feedback')
  @Idempotent()
  @HttpCode(200)
  @Roles('deployer')
  async feedback(@Body() body: FeedbackBatchDto, @CurrentPrincipal() principal: Principal): Promise<IngestReceipt> {
    const tally = await this.tally.forFeedback(body.feedback);
    const receipt = await this.recordFeedback.execute({ principal, feedback: body.feedback });
    tally.record(receipt.stored);
    return receipt;
  }
}
