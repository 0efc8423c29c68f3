// @Type reads design-time type metadata, which needs the Reflect polyfill even outside Nest (the CLI, tests).
import 'reflect-metadata';
import type { ModelCardDevelopment } from '@vigil/domain';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { IsCardObject, IsCardText } from '../model-card.decorators';
import { DemographicInputsDto } from './demographic-inputs.dto';

export class ModelCardDevelopmentDto implements ModelCardDevelopment {
  @IsOptional() @IsCardText() inclusionExclusionCriteria?: string;

  @IsOptional()
  @IsCardObject('true/false answers, one per demographic variable')
  @ValidateNested()
  @Type(() => DemographicInputsDto)
  demographicInputs?: DemographicInputsDto;

  @IsOptional() @IsCardText() demographicRepresentativeness?: string;
  @IsOptional() @IsCardText() relevanceToDeployedSetting?: string;
}
