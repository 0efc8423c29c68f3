import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@vigil/platform';
import { ARTIFACT_STORE, type ArtifactStore } from '@vigil/storage';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { HttpMetrics } from '../http/http-metrics';

/** Liveness, readiness and metrics: public because they carry no data. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly metrics: HttpMetrics,
  ) {}

  @Get('healthz')
  @Public()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** Ready when the database answers and the artifact store is usable. */
  @Get('readyz')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, string> = {};
    await this.db.query('SELECT 1').then(
      () => (checks.database = 'ok'),
      (e: Error) => (checks.database = `unavailable: ${e.message}`),
    );
    await this.store.check().then(
      () => (checks.artifactStore = 'ok'),
      (e: Error) => (checks.artifactStore = `unavailable: ${e.message}`),
    );
    const ok = Object.values(checks).every((c) => c === 'ok');
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not ready', checks };
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus() {
    return this.metrics.registry.metrics();
  }
}
