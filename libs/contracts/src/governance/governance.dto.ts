import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '@vigil/domain';

const TARGET = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const TARGET_MESSAGE = 'must be 1–100 lower-case letters, digits, ".", "_" or "-"';

export class CreatePersonDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    each: true,
    message: 'each attribute must be a short lower-case word like clinical-lead',
  })
  attributes?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class RequestApprovalDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'model must be a model name' })
  model!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  @Matches(TARGET, { message: `environment ${TARGET_MESSAGE}` })
  environment!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(TARGET, { each: true, message: `each site ${TARGET_MESSAGE}` })
  sites?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class SignApprovalDto {
  @IsIn(['approve', 'reject'], { message: 'decision must be approve or reject' })
  decision!: 'approve' | 'reject';

  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  meaning!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  reason!: string;

  /** Re-authentication when signed in with an API token. Never logged. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class PromoteDto {
  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  @Matches(TARGET, { message: `environment ${TARGET_MESSAGE}` })
  environment!: string;

  @IsString()
  @Matches(TARGET, { message: `site ${TARGET_MESSAGE}` })
  site!: string;
}

export class RollbackDto {
  @IsString()
  @Matches(TARGET, { message: `environment ${TARGET_MESSAGE}` })
  environment!: string;

  @IsString()
  @Matches(TARGET, { message: `site ${TARGET_MESSAGE}` })
  site!: string;

  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  reason!: string;
}

export class HistoryQueryDto {
  @IsDateString({ strict: true }, { message: 'at must be an ISO 8601 date-time, e.g. 2026-03-01T08:00:00Z' })
  at!: string;

  @IsOptional()
  @Type(() => String)
  @IsString()
  environment?: string;
}
