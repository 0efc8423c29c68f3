import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import type {
  CalibrationBin,
  ClassificationMetrics,
  LatencyPercentiles,
  PopulationMatch,
  RejectedRowExample,
  RocPoint,
} from './validation-result.types';
import type { DecileHistogram } from '@vigil/stats';
import type { ExecutionProviderChoice } from './runner-api.types';

const DATASET_REF = /^[a-z0-9][a-z0-9._-]{0,99}\/[a-z0-9][a-z0-9._-]{0,99}$/;
const DATASET_REF_MESSAGE = 'each dataset must be "site/name", e.g. site-a/icu-2025q3';
const PROVIDERS: ExecutionProviderChoice[] = ['cpu', 'cuda', 'auto'];
const SHA256 = /^[0-9a-f]{64}$/;

export class RequestValidationRunDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'datasets must name at least one site dataset' })
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(DATASET_REF, { each: true, message: DATASET_REF_MESSAGE })
  datasets!: string[];

  @IsOptional()
  @IsIn(PROVIDERS, { message: 'executionProvider must be one of: cpu, cuda, auto' })
  executionProvider?: ExecutionProviderChoice;

  @IsOptional()
  @IsString()
  @Matches(DATASET_REF, { message: 'referenceDataset must be "site/name"' })
  referenceDataset?: string;
}

export class ClaimValidationJobDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  runnerId!: string;
}

export class HeartbeatValidationJobDto {
  @IsUUID('all', { message: 'leaseToken must be the token the claim returned' })
  leaseToken!: string;

  @IsInt()
  @Min(0)
  rowsProcessed!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  rowsTotal?: number | null;
}

class ValidationErrorDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  code!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  message!: string;
}

export class FailValidationJobDto {
  @IsUUID('all', { message: 'leaseToken must be the token the claim returned' })
  leaseToken!: string;

  @ValidateNested()
  @Type(() => ValidationErrorDto)
  @IsObject()
  error!: ValidationErrorDto;

  @IsBoolean()
  retryable!: boolean;
}

const nullable = (_o: object, v: unknown) => v !== null;

/**
 * The top level of a `DatasetValidationResult`: every field present with the right kind. Nested parts
 * (curves, subgroups) are checked for kind only; their numbers are the runner's word, bound to the checksums.
 */
export class DatasetValidationResultDto {
  @IsInt() @Min(0) n!: number;
  @IsInt() @Min(0) positives!: number;
  @IsInt() @Min(0) negatives!: number;
  @ValidateIf(nullable) @IsNumber() prevalence!: number | null;
  @ValidateIf(nullable) @IsNumber() auroc!: number | null;
  @ValidateIf(nullable)
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsNumber({}, { each: true })
  aurocCi95!: [number, number] | null;
  @ValidateIf(nullable) @IsNumber() auprc!: number | null;
  @IsNumber() threshold!: number;
  @IsInt() @Min(0) tp!: number;
  @IsInt() @Min(0) fp!: number;
  @IsInt() @Min(0) tn!: number;
  @IsInt() @Min(0) fn!: number;
  @ValidateIf(nullable) @IsNumber() sensitivity!: number | null;
  @ValidateIf(nullable) @IsNumber() specificity!: number | null;
  @ValidateIf(nullable) @IsNumber() ppv!: number | null;
  @ValidateIf(nullable) @IsNumber() npv!: number | null;
  @ValidateIf(nullable) @IsNumber() f1!: number | null;
  @ValidateIf(nullable) @IsNumber() brier!: number | null;
  @ValidateIf(nullable) @IsNumber() ece!: number | null;
  @ValidateIf(nullable) @IsNumber() calibrationSlope!: number | null;
  @ValidateIf(nullable) @IsNumber() calibrationIntercept!: number | null;
  @ValidateIf(nullable) @IsNumber() observedExpectedRatio!: number | null;
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) calibration!: CalibrationBin[];
  @IsArray() @ArrayMaxSize(10_000) @IsObject({ each: true }) rocCurve!: RocPoint[];
  @IsInt() @Min(0) rejectedRows!: number;
  @IsArray() @ArrayMaxSize(1000) @IsObject({ each: true }) rejectedExamples!: RejectedRowExample[];
  @IsObject() latencyMs!: LatencyPercentiles;
  @IsNumber() @Min(0) rowsPerSecond!: number;
  @IsIn(['cpu', 'cuda'], { message: 'executionProvider must be the provider used: cpu or cuda' })
  executionProvider!: 'cpu' | 'cuda';
  @IsObject() subgroups!: Record<string, Record<string, ClassificationMetrics>>;
  @ValidateIf(nullable) @IsObject() populationMatch!: PopulationMatch | null;
  /** The scores' decile histogram (the drift monitor's prediction reference); runners before it send none. */
  @IsOptional() @ValidateIf(nullable) @IsObject() scoreDeciles?: DecileHistogram | null;
  @Matches(SHA256, { message: 'modelChecksum must be the SHA-256 of the model, hex' }) modelChecksum!: string;
  @Matches(SHA256, { message: 'datasetChecksum must be the SHA-256 of the dataset, hex' }) datasetChecksum!: string;
}

export class CompleteValidationJobDto {
  @IsUUID('all', { message: 'leaseToken must be the token the claim returned' })
  leaseToken!: string;

  @ValidateNested()
  @Type(() => DatasetValidationResultDto)
  @IsObject()
  result!: DatasetValidationResultDto;
}
