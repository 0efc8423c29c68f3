import { IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class UpdateModelDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  owner?: string;

  /** null clears it. */
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @IsOptional()
  @IsObject()
  card?: Record<string, unknown>;
}
