import { OUTPUT_TYPES, type ModelCardDetails, type OutputType } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardEnum, IsCardText } from '../model-card.decorators';

export class ModelCardDetailsDto implements ModelCardDetails {
  @IsOptional() @IsCardText() developer?: string;
  @IsOptional() @IsCardText() fundingSource?: string;
  @IsOptional() @IsCardText() outputValue?: string;
  @IsOptional() @IsCardEnum(OUTPUT_TYPES) outputType?: OutputType;
}
