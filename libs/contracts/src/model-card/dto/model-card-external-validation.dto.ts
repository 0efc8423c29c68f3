import type { ModelCardExternalValidation } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardExternalValidationDto implements ModelCardExternalValidation {
  @IsOptional() @IsCardText() dataSource?: string;
  @IsOptional() @IsCardText() conductedBy?: string;
  @IsOptional() @IsCardText() demographicRepresentativeness?: string;
  @IsOptional() @IsCardText() process?: string;
}
