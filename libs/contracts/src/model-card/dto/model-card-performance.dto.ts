import type { ModelCardPerformance } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardPerformanceDto implements ModelCardPerformance {
  @IsOptional() @IsCardText() sameSourceValidity?: string;
  @IsOptional() @IsCardText() sameSourceFairness?: string;
  @IsOptional() @IsCardText() externalValidity?: string;
  @IsOptional() @IsCardText() externalFairness?: string;
  @IsOptional() @IsCardText() outcomeEvaluations?: string;
}
