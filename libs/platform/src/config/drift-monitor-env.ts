import { Transform } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { toInt } from './env-transforms';
import { ServiceEnv } from './service-env';

/**
 * Every environment variable the drift monitor (apps/drift-monitor) reads, validated at start-up. The monitor
 * never starts a database of its own and never migrates: it joins the registry's database, whose schema the
 * registry owns. HOST, the log level, the pool size, event retention, the token cache and the VIGIL_OIDC_* variables
 * come from `ServiceEnv`, as the registry reads them (the same people may post with their identity-provider
 * tokens). See docs/drift-ingestion.md and docs/configuration.md.
 */
export class DriftMonitorEnv extends ServiceEnv {
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: "DATABASE_URL must be the registry's postgres:// URL (the drift monitor has no database of its own)" },
  )
  DATABASE_URL!: string;

  /** 0 asks the OS for a free port (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8081;

  /**
   * Largest body the ingestion routes accept (default 32 MiB): a batch of 5,000 events with 30 features is about
   * 4–5 MB of JSON, over the 5 MiB every other route keeps.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1024 * 1024)
  @Max(1024 * 1024 * 1024)
  VIGIL_INGEST_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

  /** How often a window-evaluation pass runs (docs/drift-monitor.md); 0 turns the timer off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 3600 * 1000)
  VIGIL_DRIFT_EVALUATION_INTERVAL_MS = 60_000;

  /** Features per stream with their own `feature` series on /metrics (the worst by PSI); the rest are summarised. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(200)
  VIGIL_DRIFT_METRICS_TOP_FEATURES = 10;

  /** The registry's public URL, for links the monitor writes (tickets). */
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: "VIGIL_REGISTRY_URL must be the registry's public URL, e.g. https://vigil.example.org" },
  )
  VIGIL_REGISTRY_URL = 'http://localhost:8080';
}
