import { ApiTokenEntity } from './api-token.entity';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { ModelVersionEntity } from './model-version.entity';
import { RegisteredModelEntity } from './registered-model.entity';
import { PrincipalEntity } from './principal.entity';
import { ApprovalPolicyEntity } from './approval-policy.entity';
import { ApprovalRequestEntity } from './approval-request.entity';
import { ApprovalSignatureEntity } from './approval-signature.entity';
import { DeploymentTargetEntity } from './deployment-target.entity';
import { DeploymentEventEntity } from './deployment-event.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { SiteDatasetEntity } from './site-dataset.entity';
import { AcceptanceCriteriaEntity } from './acceptance-criteria.entity';
import { ValidationRunEntity } from './validation-run.entity';
import { ValidationJobEntity } from './validation-job.entity';
import { InferenceEventEntity } from './inference-event.entity';
import { InferenceEventKeyEntity } from './inference-event-key.entity';
import { EventOutcomeEntity } from './event-outcome.entity';
import { ClinicianFeedbackEntity } from './clinician-feedback.entity';
import { MonitoringPolicyEntity } from './monitoring-policy.entity';
import {
  DriftIncidentEntity,
  DriftWindowEntity,
  GovernanceTicketEntity,
  GovernanceTicketEventEntity,
  ReferenceProfileEntity,
  TicketDeliveryEntity,
} from './drift-monitor.entities';

export {
  ApiTokenEntity,
  AuditLogEntryEntity,
  ModelVersionEntity,
  RegisteredModelEntity,
  PrincipalEntity,
  ApprovalPolicyEntity,
  ApprovalRequestEntity,
  ApprovalSignatureEntity,
  DeploymentTargetEntity,
  DeploymentEventEntity,
  IdempotencyRecordEntity,
  SiteDatasetEntity,
  AcceptanceCriteriaEntity,
  ValidationRunEntity,
  ValidationJobEntity,
  InferenceEventEntity,
  InferenceEventKeyEntity,
  EventOutcomeEntity,
  ClinicianFeedbackEntity,
  MonitoringPolicyEntity,
  ReferenceProfileEntity,
  DriftWindowEntity,
  DriftIncidentEntity,
  GovernanceTicketEntity,
  GovernanceTicketEventEntity,
  TicketDeliveryEntity,
};

/** Every entity, listed explicitly (never globbed) so the app, the tests and the migration check agree. */
export const ENTITIES = [
  RegisteredModelEntity,
  ModelVersionEntity,
  ApiTokenEntity,
  AuditLogEntryEntity,
  PrincipalEntity,
  ApprovalPolicyEntity,
  ApprovalRequestEntity,
  ApprovalSignatureEntity,
  DeploymentTargetEntity,
  DeploymentEventEntity,
  IdempotencyRecordEntity,
  SiteDatasetEntity,
  AcceptanceCriteriaEntity,
  ValidationRunEntity,
  ValidationJobEntity,
  InferenceEventEntity,
  InferenceEventKeyEntity,
  EventOutcomeEntity,
  ClinicianFeedbackEntity,
  MonitoringPolicyEntity,
  ReferenceProfileEntity,
  DriftWindowEntity,
  DriftIncidentEntity,
  GovernanceTicketEntity,
  GovernanceTicketEventEntity,
  TicketDeliveryEntity,
];
