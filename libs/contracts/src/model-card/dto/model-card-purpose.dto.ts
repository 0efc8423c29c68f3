import { DECISION_ROLES, type DecisionRole, type ModelCardPurpose } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardEnum, IsCardText } from '../model-card.decorators';

export class ModelCardPurposeDto implements ModelCardPurpose {
  @IsOptional() @IsCardText() intendedUse?: string;
  @IsOptional() @IsCardText() intendedPopulation?: string;
  @IsOptional() @IsCardText() intendedUsers?: string;
  @IsOptional() @IsCardEnum(DECISION_ROLES) decisionRole?: DecisionRole;
}
