import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const MODEL_NAME_MESSAGE =
  'name must be 1–100 characters of lower-case letters, digits, ".", "_" or "-", starting with a letter or digit';

export class CreateModelDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: MODEL_NAME_MESSAGE })
  name!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  owner!: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  /** The model card (HTI-1 structure); validated field by field by the registry. */
  @IsOptional()
  @IsObject()
  card?: Record<string, unknown>;
}
