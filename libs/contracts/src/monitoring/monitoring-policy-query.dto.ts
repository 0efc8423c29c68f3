import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** `?revision=` on `GET /models/:name/monitoring-policy`: that revision instead of the one in force. */
export class MonitoringPolicyQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'revision must be a whole number' })
  @Min(1)
  revision?: number;
}
