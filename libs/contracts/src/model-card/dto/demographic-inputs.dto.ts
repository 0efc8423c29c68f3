import type { DemographicInputs } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardFlag, IsCardText } from '../model-card.decorators';

/** Whether each HTI-1 demographic or social variable is a model input; `false` is an answer, not a gap. */
export class DemographicInputsDto implements DemographicInputs {
  @IsOptional() @IsCardFlag() race?: boolean;
  @IsOptional() @IsCardFlag() ethnicity?: boolean;
  @IsOptional() @IsCardFlag() language?: boolean;
  @IsOptional() @IsCardFlag() sexualOrientation?: boolean;
  @IsOptional() @IsCardFlag() genderIdentity?: boolean;
  @IsOptional() @IsCardFlag() sex?: boolean;
  @IsOptional() @IsCardFlag() dateOfBirth?: boolean;
  @IsOptional() @IsCardFlag() socialDeterminantsOfHealth?: boolean;
  @IsOptional() @IsCardFlag() healthStatusAssessments?: boolean;
  @IsOptional() @IsCardText() notes?: string;
}
