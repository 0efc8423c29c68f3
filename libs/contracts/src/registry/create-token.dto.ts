import { IsDateString, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ROLES, type Role } from '@vigil/domain';

export class CreateTokenDto {
  @IsString()
  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/, {
    message: 'name must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  name!: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  @IsOptional()
  @IsDateString({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}
