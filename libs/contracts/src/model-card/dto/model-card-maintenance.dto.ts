import type { ModelCardMaintenance } from '@vigil/domain';
import { IsOptional } from 'class-validator';
import { IsCardText } from '../model-card.decorators';

export class ModelCardMaintenanceDto implements ModelCardMaintenance {
  @IsOptional() @IsCardText() validityMonitoring?: string;
  @IsOptional() @IsCardText() localValidity?: string;
  @IsOptional() @IsCardText() fairnessMonitoring?: string;
  @IsOptional() @IsCardText() localFairness?: string;
}
