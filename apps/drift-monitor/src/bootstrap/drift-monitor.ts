import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { hostname } from 'node:os';
import { DEFAULT_DRIFT_INGEST_OPTIONS } from '@vigil/drift-ingest';
import {
  DEFAULT_DRIFT_MONITOR_OPTIONS,
  type DriftMonitorOptions,
  type TicketSink,
  ticketSinksFromEnv,
} from '@vigil/drift-monitor';
import { createDataSource } from '@vigil/persistence';
import {
  type DriftMonitorEnv,
  SECRET_PATHS,
  oidcVerifierFromEnv,
  registerSwaggerUi,
  requestIdFor,
} from '@vigil/platform';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { INGEST_ROUTES } from '../controllers/drift-events.controller';
import { MonitorMetrics } from '../metrics/monitor-metrics';
import { assertSchemaCurrent } from './schema-check';

/** Every route but ingestion keeps the registry's JSON body limit. */
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface DriftMonitor {
  app: NestFastifyApplication;
  url: string;
  dataSource: DataSource;
  /** Every route Fastify registered, as it registered it (the auth test walks these). */
  routes: RegisteredRoute[];
  metrics: MonitorMetrics;
  close(): Promise<void>;
}

export interface DriftMonitorStartOptions {
  /** Skip the request log (tests, benchmarks). */
  quiet?: boolean;
  /** How often the retention delete runs (default hourly; 0 turns the timer off, tests call sweep()). */
  retentionSweepIntervalMs?: number;
  /** Overrides of the evaluation settings (tests turn the timers off and drive passes themselves). */
  evaluation?: Partial<DriftMonitorOptions>;
  /** Outbound ticket sinks; by default those the environment configures (docs/ticket-sinks.md). */
  sinks?: TicketSink[];
}

/** The database URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Starts the drift monitor: joins the registry's database (checking its schema, never migrating it) and serves
 * ingestion, health and metrics over HTTP. Any number of replicas may run against one database.
 */
export async function startDriftMonitor(
  env: DriftMonitorEnv,
  options: DriftMonitorStartOptions = {},
): Promise<DriftMonitor> {
  const logLevel = options.quiet ? 'warn' : env.VIGIL_LOG_LEVEL;
  const log = pino({ level: logLevel, base: { context: 'DriftMonitor' }, redact: SECRET_PATHS });

  const dataSource = createDataSource({
    url: env.DATABASE_URL,
    poolSize: env.VIGIL_DB_POOL_SIZE,
    applicationName: 'vigil-drift-monitor',
  });
  try {
    await dataSource.initialize();
  } catch (e) {
    throw new Error(
      `Could not reach PostgreSQL at ${safeUrl(env.DATABASE_URL)}: ${(e as Error).message}. ` +
        "The drift monitor uses the registry's database: check DATABASE_URL and that the database is up.",
      { cause: e },
    );
  }
  try {
    await assertSchemaCurrent(dataSource);
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }

  const metrics = new MonitorMetrics();
  const adapter = new FastifyAdapter({
    genReqId: requestIdFor,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Keep-alive longer than typical load balancers' idle timeouts, so they close first.
    keepAliveTimeout: 65_000,
  });
  const routes: RegisteredRoute[] = [];
  const ingestRoutes = new Set(INGEST_ROUTES);
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    // Batches of thousands of events are what these routes exist for; the limit is theirs alone.
    if (ingestRoutes.has(r.url)) r.bodyLimit = env.VIGIL_INGEST_BODY_LIMIT_BYTES;
  });
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('X-Request-Id', req.id);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.duration.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({
        dataSource,
        logLevel,
        metrics,
        oidcVerifier: oidcVerifierFromEnv(env),
        tokenCacheMs: env.VIGIL_TOKEN_CACHE_MS,
        evaluation: {
          ...DEFAULT_DRIFT_MONITOR_OPTIONS,
          registryUrl: env.VIGIL_REGISTRY_URL,
          instanceName: `${hostname()}:${process.pid}`,
          evaluationIntervalMs: env.VIGIL_DRIFT_EVALUATION_INTERVAL_MS,
          metricsTopFeatures: env.VIGIL_DRIFT_METRICS_TOP_FEATURES,
          ...options.evaluation,
        },
        sinks: options.sinks ?? ticketSinksFromEnv(process.env),
        ingest: {
          ...DEFAULT_DRIFT_INGEST_OPTIONS,
          retentionDays: env.VIGIL_EVENT_RETENTION_DAYS,
          ...(options.retentionSweepIntervalMs !== undefined
            ? { retentionSweepIntervalMs: options.retentionSweepIntervalMs }
            : {}),
        },
      }),
      adapter,
      { bufferLogs: true },
    );
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Vigil drift monitor')
    .setDescription(
      'Inference events, outcomes and clinician feedback from inference nodes. See docs/drift-ingestion.md.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    swaggerUiEnabled: false,
  });
  registerSwaggerUi(fastify, 'Vigil drift monitor API');

  await app.listen(env.PORT, env.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://127.0.0.1:${port}`;
  log.info({ port, registry: env.VIGIL_REGISTRY_URL }, 'drift monitor listening');

  return {
    app,
    url,
    dataSource,
    routes,
    metrics,
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
