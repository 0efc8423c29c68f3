import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../registry/page-query.dto';

export const AUDIT_LOG_ORDERS = ['newest', 'oldest'] as const;

/** `GET /api/v1/audit?model=&entityType=&entityId=&order=&limit=&cursor=`. */
export class AuditLogQueryDto extends PageQueryDto {
  /** Entries about the model and all of its versions. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'model must be a model name, e.g. sepsis-risk' })
  model?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,49}$/, { message: 'entityType must be an entity type such as model_version or token' })
  entityType?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  entityId?: string;

  @IsOptional()
  @IsIn(AUDIT_LOG_ORDERS)
  order?: (typeof AUDIT_LOG_ORDERS)[number];
}
