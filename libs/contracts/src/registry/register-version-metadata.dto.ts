import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** The `metadata` part of a version registration (multipart), sent before the artifact. */
export class RegisterVersionMetadataDto {
  @IsString()
  @Matches(/^[0-9a-f]{7,64}$/i, { message: 'gitCommit must be a git commit hash (7 to 64 hex characters)' })
  gitCommit!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  trainingDataUri!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  parentVersion?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  featureColumns?: string[];
}
