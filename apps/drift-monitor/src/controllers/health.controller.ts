import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@vigil/platform';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { DriftMetricsRefresher } from '@vigil/drift-monitor';

/** Liveness, readiness and metrics: public because they carry no data. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly drift: DriftMetricsRefresher,
  ) {}

  @Get('healthz')
  @Public()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database answers: without it nothing can be acknowledged. */
  @Get('readyz')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const database = await this.db.query('SELECT 1').then(
      () => 'ok',
      (e: Error) => `unavailable: ${e.message}`,
    );
    const ok = database === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not ready', checks: { database } };
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus() {
    // The whole registry (process, HTTP, ingestion and drift series); the drift families, up to tens of thousands
    // of series, come pre-rendered from their last refresh rather than formatted on every scrape.
    return this.drift.exporter.metrics();
  }
}
