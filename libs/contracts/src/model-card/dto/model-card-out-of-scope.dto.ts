import type { ModelCardOutOfScope } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardOutOfScopeDto implements ModelCardOutOfScope {
  @IsOptional() @IsCardText() cautionedUses?: string;
  @IsOptional() @IsCardText() knownRisksAndLimitations?: string;
}
