import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min, ValidateIf } from 'class-validator';
import { toInt } from './env-transforms';
import { ServiceEnv } from './service-env';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value !== '' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : undefined;
/** An unset variable keeps the field's default (`true`); `false`, `0`, `no`, `off` turn it off. */
const toBoolDefaultTrue = ({ value }: { value: unknown }) =>
  typeof value === 'boolean' ? value : (toBool({ value }) ?? true);

/**
 * Every environment variable the registry reads, validated once at boot. Nothing else reads process.env.
 * HOST, the log level, the pool size, event retention, the token cache and the VIGIL_OIDC_* variables come from
 * `ServiceEnv`, shared with the drift monitor.
 * See docs/configuration.md for what each one does.
 */
export class RegistryEnv extends ServiceEnv {
  /** `embedded`: starts its own PostgreSQL under VIGIL_DATA_DIR. `cluster`: uses DATABASE_URL. */
  @IsIn(['embedded', 'cluster'])
  VIGIL_MODE: 'embedded' | 'cluster' = 'embedded';

  @IsString()
  VIGIL_DATA_DIR = '.vigil';

  /** 0 asks the OS for a free port (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @ValidateIf((e: RegistryEnv) => e.VIGIL_MODE === 'cluster' || e.DATABASE_URL !== undefined)
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    {
      message: 'DATABASE_URL must be a postgres:// URL (required when VIGIL_MODE=cluster)',
    },
  )
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  VIGIL_EMBEDDED_PG_PORT = 54329;

  @IsIn(['local', 's3'])
  VIGIL_ARTIFACT_STORE: 'local' | 's3' = 'local';

  /** Local artifact store folder; defaults to VIGIL_DATA_DIR/artifacts. */
  @IsOptional()
  @IsString()
  VIGIL_ARTIFACT_DIR?: string;

  @ValidateIf((e: RegistryEnv) => e.VIGIL_ARTIFACT_STORE === 's3')
  @IsString({ message: 'S3_BUCKET is required when VIGIL_ARTIFACT_STORE=s3' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @Transform(toBool)
  @IsOptional()
  S3_FORCE_PATH_STYLE?: boolean;

  @IsOptional()
  @IsIn(['AES256', 'aws:kms'])
  S3_SSE?: 'AES256' | 'aws:kms';

  @IsOptional()
  @IsString()
  S3_SSE_KMS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_PREFIX?: string;

  /** Largest artifact accepted, in bytes (default 2 GiB). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  VIGIL_MAX_ARTIFACT_BYTES = 2 * 1024 ** 3;

  /** Largest dataset file accepted by upload, in bytes (default 10 GiB); larger data can be registered by reference. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  VIGIL_MAX_DATASET_BYTES = 10 * 1024 ** 3;

  /** Embedded mode only: run a validation runner inside this process (scoring in worker threads). */
  @Transform(toBoolDefaultTrue)
  @IsBoolean()
  VIGIL_EMBEDDED_RUNNER = true;

  /** Embedded mode only: start the drift monitor (apps/drift-monitor) as a child process on VIGIL_MONITOR_PORT. */
  @Transform(toBoolDefaultTrue)
  @IsBoolean()
  VIGIL_EMBEDDED_MONITOR = true;

  /** Port of the drift monitor that embedded mode starts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  VIGIL_MONITOR_PORT = 8081;

  /** Scoring worker threads of the embedded runner. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  VIGIL_EMBEDDED_RUNNER_WORKERS = 1;

  /** How many uploaded models may be opened by onnxruntime at once (each in its own child process). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  VIGIL_MAX_CONCURRENT_INSPECTIONS = 2;

  /**
   * Where to write a first admin token when no usable one is there (0600). Defaults to
   * VIGIL_DATA_DIR/admin-token in embedded mode; in cluster mode only when set (e.g. a mounted secret path).
   */
  @IsOptional()
  @IsString()
  VIGIL_ADMIN_TOKEN_FILE?: string;

  /** Scratch folder for uploads in flight; defaults to VIGIL_DATA_DIR/uploads. */
  @IsOptional()
  @IsString()
  VIGIL_UPLOAD_DIR?: string;

  /** How long a runner holds a validation job without a heartbeat before another runner may take it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  VIGIL_VALIDATION_LEASE_SECONDS = 30;

  /** How many times a validation job is offered again after a retryable failure or a lost lease. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  VIGIL_VALIDATION_RETRY_LIMIT = 3;

  /** How often each replica looks for validation jobs whose lease expired. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  VIGIL_VALIDATION_SWEEP_INTERVAL_MS = 5000;

  /** Share of a dataset's rows a runner may reject (missing or non-numeric values) before the job fails. */
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber()
  @Min(0)
  @Max(1)
  VIGIL_VALIDATION_MAX_REJECTED_FRACTION = 0.01;
}
