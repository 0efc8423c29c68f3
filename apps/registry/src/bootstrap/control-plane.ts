import { isAbsolute, join, resolve } from 'node:path';
import multipart from '@fastify/multipart';
import { mkdir } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { type EmbeddedPostgresServer, createDataSource, runMigrations } from '@vigil/persistence';
import { type RegistryEnv, SECRET_PATHS, oidcVerifierFromEnv, requestIdFor } from '@vigil/platform';
import { ArtifactStaging, BootstrapAdminTokenUseCase, type RegistryOptions } from '@vigil/registry';
import { type ArtifactStoreConfig, createArtifactStore } from '@vigil/storage';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { registerApiDocsUi } from '../http/api-docs';
import { HttpMetrics } from '../http/http-metrics';
import { startEmbeddedDatabase } from './embedded-database';

export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface ControlPlane {
  app: NestFastifyApplication;
  url: string;
  dataSource: DataSource;
  /** The database the registry uses (embedded or DATABASE_URL); holds the password, never log it. */
  databaseUrl: string;
  /** Every route Fastify registered, as it registered it (the auth test walks these). */
  routes: RegisteredRoute[];
  adminTokenFile: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Skip the request log (benchmarks, tests that count lines). */
  quiet?: boolean;
  /** Write the bootstrap admin token here (default: <dataDir>/admin-token in embedded mode, none in cluster). */
  adminTokenFile?: string | null;
}

function storeConfig(env: RegistryEnv, dataDir: string): ArtifactStoreConfig {
  if (env.VIGIL_ARTIFACT_STORE === 's3') {
    return {
      kind: 's3',
      bucket: env.S3_BUCKET ?? '',
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      serverSideEncryption: env.S3_SSE,
      sseKmsKeyId: env.S3_SSE_KMS_KEY_ID,
      prefix: env.S3_PREFIX,
    };
  }
  return {
    kind: 'local',
    rootDir: env.VIGIL_ARTIFACT_DIR ? resolve(env.VIGIL_ARTIFACT_DIR) : join(dataDir, 'artifacts'),
  };
}

/** Starts the registry: database (embedded or DATABASE_URL), migrations, artifact store, HTTP API. */
export async function startControlPlane(env: RegistryEnv, options: StartOptions = {}): Promise<ControlPlane> {
  // Boot happens before Nest exists; log it as the same JSON lines the app writes later.
  const log = pino({
    level: options.quiet ? 'warn' : env.VIGIL_LOG_LEVEL,
    base: { context: 'ControlPlane' },
    redact: SECRET_PATHS,
  });
  const dataDir = isAbsolute(env.VIGIL_DATA_DIR) ? env.VIGIL_DATA_DIR : resolve(env.VIGIL_DATA_DIR);
  let embedded: EmbeddedPostgresServer | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const started = await startEmbeddedDatabase(dataDir, env.VIGIL_EMBEDDED_PG_PORT, (m) => log.warn(m));
    embedded = started.server;
    databaseUrl = started.url;
    log.info({ port: env.VIGIL_EMBEDDED_PG_PORT, dataDir: join(dataDir, 'postgres') }, 'embedded PostgreSQL started');
  }

  const dataSource = createDataSource({
    url: databaseUrl,
    poolSize: env.VIGIL_DB_POOL_SIZE,
    applicationName: 'vigil-registry',
  });
  await dataSource.initialize();
  const applied = await runMigrations(dataSource);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');

  const storeCfg = storeConfig(env, dataDir);
  if (storeCfg.kind === 'local') await mkdir(storeCfg.rootDir, { recursive: true });
  const store = createArtifactStore(storeCfg);
  const registryOptions: RegistryOptions = {
    maxArtifactBytes: env.VIGIL_MAX_ARTIFACT_BYTES,
    maxDatasetBytes: env.VIGIL_MAX_DATASET_BYTES,
    uploadDir: env.VIGIL_UPLOAD_DIR ? resolve(env.VIGIL_UPLOAD_DIR) : join(dataDir, 'uploads'),
    tokenCacheMs: env.VIGIL_TOKEN_CACHE_MS,
    maxConcurrentInspections: env.VIGIL_MAX_CONCURRENT_INSPECTIONS,
  };
  await new ArtifactStaging(registryOptions.uploadDir).sweep();

  const metrics = new HttpMetrics();
  const adapter = new FastifyAdapter({
    genReqId: requestIdFor,
    bodyLimit: 5 * 1024 * 1024,
    // Keep-alive longer than typical load balancers' idle timeouts, so they close first.
    keepAliveTimeout: 65_000,
  });
  const routes: RegisteredRoute[] = [];
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
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
  await fastify.register(multipart, {
    limits: { fileSize: env.VIGIL_MAX_ARTIFACT_BYTES, files: 2, fields: 4, fieldSize: 1024 * 1024, parts: 6 },
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({
      dataSource,
      store,
      options: registryOptions,
      logLevel: options.quiet ? 'warn' : env.VIGIL_LOG_LEVEL,
      metrics,
      oidcVerifier: oidcVerifierFromEnv(env),
      queue: {
        connectionString: databaseUrl,
        schema: 'pgboss',
        retryLimit: env.VIGIL_VALIDATION_RETRY_LIMIT,
        retryDelaySeconds: 0,
        // pg-boss's own expiry is only a backstop (leases decide); it allows at most 24 h.
        expireInSeconds: 23 * 3600,
        poolSize: 2,
      },
      validation: {
        leaseSeconds: env.VIGIL_VALIDATION_LEASE_SECONDS,
        retryLimit: env.VIGIL_VALIDATION_RETRY_LIMIT,
        sweepIntervalMs: env.VIGIL_VALIDATION_SWEEP_INTERVAL_MS,
        maxRejectedFraction: env.VIGIL_VALIDATION_MAX_REJECTED_FRACTION,
      },
    }),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Vigil registry')
    .setDescription('Models, immutable versions, model cards and API tokens. See docs/api.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    swaggerUiEnabled: false,
  });
  registerApiDocsUi(fastify);

  const adminTokenFile =
    options.adminTokenFile !== undefined
      ? options.adminTokenFile
      : env.VIGIL_ADMIN_TOKEN_FILE
        ? resolve(env.VIGIL_ADMIN_TOKEN_FILE)
        : env.VIGIL_MODE === 'embedded'
          ? join(dataDir, 'admin-token')
          : null;
  if (adminTokenFile) {
    const { created } = await app.get(BootstrapAdminTokenUseCase).execute(adminTokenFile);
    log.info(
      { path: adminTokenFile, created },
      created
        ? 'admin API token written to this file (mode 0600); the token itself is never logged'
        : 'admin API token file is in place',
    );
  }

  await app.listen(env.PORT, env.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://127.0.0.1:${port}`;

  return {
    app,
    url,
    dataSource,
    databaseUrl,
    routes,
    adminTokenFile,
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
