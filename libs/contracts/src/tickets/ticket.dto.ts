import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Query of `GET /api/v1/tickets`. */
export class TicketListQueryDto {
  @IsOptional()
  @IsIn(['open', 'closed', 'all'], { message: 'status must be open, closed or all' })
  status?: 'open' | 'closed' | 'all';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  site?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  signal?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** Body of `POST /api/v1/tickets/:id/acknowledge` (note optional) and `…/resolve` (note required). */
export class TicketActionDto {
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}
