import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { toInt } from './env-transforms';
import { OidcEnv } from './oidc-env';

/**
 * The variables the registry and the drift monitor both read, with one set of rules: in embedded mode the registry
 * hands its own values of these to the drift monitor it starts, so both must accept and refuse the same values.
 * `RegistryEnv` and `DriftMonitorEnv` extend this class; each keeps its own PORT (8080, 8081) and DATABASE_URL rule.
 */
export class ServiceEnv extends OidcEnv {
  @IsString()
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  VIGIL_LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  VIGIL_DB_POOL_SIZE = 10;

  /** Inference events older than this many days are deleted (with outcomes and feedback) and refused on arrival. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  VIGIL_EVENT_RETENTION_DAYS = 90;

  /** How long a verified token is trusted before it is looked up again (revocation takes at most this long). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  VIGIL_TOKEN_CACHE_MS = 5000;
}
