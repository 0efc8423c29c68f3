import type { ModelCardFairness } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardFairnessDto implements ModelCardFairness {
  @IsOptional() @IsCardText() fairnessApproach?: string;
  @IsOptional() @IsCardText() biasManagement?: string;
}
