import type { ModelCardUpdates } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardUpdatesDto implements ModelCardUpdates {
  @IsOptional() @IsCardText() updateProcess?: string;
  @IsOptional() @IsCardText() correctionFrequency?: string;
}
