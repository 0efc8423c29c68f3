import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TARGET_NAME_PATTERN } from '@vigil/domain';
import { PageQueryDto } from '../registry/page-query.dto';

export const DATASET_FORMATS = ['csv', 'parquet'] as const;
export type DatasetFileFormat = (typeof DATASET_FORMATS)[number];

/** Dataset names follow site and model names: a slug that can sit in a URL and in `site-a/icu-2025q3`. */
const NAME_MESSAGE = 'name must be 1–100 lower-case letters, digits, ".", "_" or "-", e.g. icu-2025q3';
export const MAX_SUBGROUP_COLUMNS = 20;

/** What is said about a dataset whatever its storage: its name, label, subgroups and description. */
class DatasetDeclarationDto {
  @IsString()
  @Matches(TARGET_NAME_PATTERN, { message: NAME_MESSAGE })
  name!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  labelColumn!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SUBGROUP_COLUMNS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  subgroupColumns?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/**
 * The metadata of an uploaded dataset (multipart fields, or one JSON `metadata` part), sent before the file.
 * `format` is read from the file name when left out.
 */
export class RegisterDatasetMetadataDto extends DatasetDeclarationDto {
  @IsOptional()
  @IsIn(DATASET_FORMATS, { message: `format must be one of: ${DATASET_FORMATS.join(', ')}` })
  format?: DatasetFileFormat;
}

export class CategoryCountDto {
  @IsString()
  @MaxLength(10_000)
  value!: string;

  @IsInt()
  @Min(0)
  count!: number;
}

/** One column of a profile: structurally checked, since the registry never sees the rows it summarises. */
export class ColumnProfileDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  name!: string;

  @IsIn(['numeric', 'categorical'], { message: 'kind must be numeric or categorical' })
  kind!: 'numeric' | 'categorical';

  @IsInt()
  @Min(0)
  count!: number;

  @IsInt()
  @Min(0)
  missing!: number;

  @IsOptional() @IsInt() @Min(0) nonNumeric?: number;
  @IsOptional() @IsNumber() min?: number;
  @IsOptional() @IsNumber() max?: number;
  @IsOptional() @IsNumber() mean?: number;
  @IsOptional() @IsNumber() std?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsNumber({}, { each: true })
  decileEdges?: number[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1001)
  @IsInt({ each: true })
  binCounts?: number[];

  /** The sample's quantiles at k/256 (257 values), from which the drift monitor builds its KS/W1 grid. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1001)
  @IsNumber({}, { each: true })
  quantiles?: number[];

  @IsOptional() @IsBoolean() sampled?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CategoryCountDto)
  categories?: CategoryCountDto[];

  @IsOptional() @IsInt() @Min(0) otherCount?: number;
  @IsOptional() @IsInt() @Min(0) distinct?: number;
  @IsOptional() @IsBoolean() distinctCapped?: boolean;
}

/** A dataset profile as @vigil/datasets writes it (`profileDataset`). */
export class DatasetProfileDto {
  @IsIn(DATASET_FORMATS, { message: `profile.format must be one of: ${DATASET_FORMATS.join(', ')}` })
  format!: DatasetFileFormat;

  @IsInt()
  @Min(0)
  rowCount!: number;

  @IsOptional()
  @IsString()
  labelColumn?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  subgroupColumns?: string[];

  @IsOptional()
  @IsInt()
  @Min(0)
  sampleSize?: number;

  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => ColumnProfileDto)
  columns!: ColumnProfileDto[];
}

/**
 * A dataset registered by reference: the file stays at the site, where only that site's runner reads it. The
 * registry keeps where it is, its checksum (verified by the runner before use) and the profile computed there.
 */
export class RegisterReferenceDatasetDto extends DatasetDeclarationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  uri!: string;

  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: "checksum must be the file's SHA-256 as 64 lower-case hex characters" })
  checksum!: string;

  @IsIn(DATASET_FORMATS, { message: `format must be one of: ${DATASET_FORMATS.join(', ')}` })
  format!: DatasetFileFormat;

  @IsInt()
  @Min(1)
  rowCount!: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  sizeBytes?: number;

  @ValidateNested()
  @Type(() => DatasetProfileDto)
  profile!: DatasetProfileDto;
}

/** `?site=` on the cross-site dataset list, with the page parameters. */
export class ListDatasetsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Matches(TARGET_NAME_PATTERN, { message: 'site must be a site name, e.g. site-a' })
  site?: string;
}
