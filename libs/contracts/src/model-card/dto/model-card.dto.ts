// @Type reads design-time type metadata, which needs the Reflect polyfill even outside Nest (the CLI, tests).
import 'reflect-metadata';
import { MODEL_CARD_NAME_MAX_LENGTH, type ModelCard } from '@vigil/domain';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { IsCardObject, IsCardSchemaVersion, IsCardText } from '../model-card.decorators';
import { ModelCardDetailsDto } from './model-card-details.dto';
import { ModelCardDevelopmentDto } from './model-card-development.dto';
import { ModelCardExternalValidationDto } from './model-card-external-validation.dto';
import { ModelCardFairnessDto } from './model-card-fairness.dto';
import { ModelCardMaintenanceDto } from './model-card-maintenance.dto';
import { ModelCardOutOfScopeDto } from './model-card-out-of-scope.dto';
import { ModelCardPerformanceDto } from './model-card-performance.dto';
import { ModelCardPurposeDto } from './model-card-purpose.dto';
import { ModelCardUpdatesDto } from './model-card-updates.dto';

/**
 * The card as it arrives over the wire. Everything is optional: a card is written over time and its
 * completeness is reported, not required; this class only guarantees that what is there is well formed.
 */
export class ModelCardDto implements ModelCard {
  @IsOptional() @IsCardSchemaVersion() schemaVersion?: 1;
  @IsOptional() @IsCardText(MODEL_CARD_NAME_MAX_LENGTH) modelName?: string;
  @IsOptional() @IsCardText() summary?: string;

  @IsOptional()
  @IsCardObject('the details and output attributes')
  @ValidateNested()
  @Type(() => ModelCardDetailsDto)
  details?: ModelCardDetailsDto;

  @IsOptional()
  @IsCardObject('the purpose attributes')
  @ValidateNested()
  @Type(() => ModelCardPurposeDto)
  purpose?: ModelCardPurposeDto;

  @IsOptional()
  @IsCardObject('the cautioned out-of-scope use attributes')
  @ValidateNested()
  @Type(() => ModelCardOutOfScopeDto)
  outOfScope?: ModelCardOutOfScopeDto;

  @IsOptional()
  @IsCardObject('the development and input feature attributes')
  @ValidateNested()
  @Type(() => ModelCardDevelopmentDto)
  development?: ModelCardDevelopmentDto;

  @IsOptional()
  @IsCardObject('the fairness-in-development attributes')
  @ValidateNested()
  @Type(() => ModelCardFairnessDto)
  fairness?: ModelCardFairnessDto;

  @IsOptional()
  @IsCardObject('the external validation attributes')
  @ValidateNested()
  @Type(() => ModelCardExternalValidationDto)
  externalValidation?: ModelCardExternalValidationDto;

  @IsOptional()
  @IsCardObject('the performance attributes')
  @ValidateNested()
  @Type(() => ModelCardPerformanceDto)
  performance?: ModelCardPerformanceDto;

  @IsOptional()
  @IsCardObject('the maintenance attributes')
  @ValidateNested()
  @Type(() => ModelCardMaintenanceDto)
  maintenance?: ModelCardMaintenanceDto;

  @IsOptional()
  @IsCardObject('the update schedule attributes')
  @ValidateNested()
  @Type(() => ModelCardUpdatesDto)
  updates?: ModelCardUpdatesDto;
}
