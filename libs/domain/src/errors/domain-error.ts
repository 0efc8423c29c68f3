/**
 * Every code a Vigil operation can fail with. The HTTP layer maps each to a status with an exhaustive
 * switch, so adding a code here without deciding its status fails the type-check.
 */
export type DomainErrorCode =
  | 'validation_failed'
  | 'model_card_invalid'
  | 'model_not_found'
  | 'model_exists'
  | 'version_not_found'
  | 'version_exists'
  | 'parent_version_not_found'
  | 'invalid_state_transition'
  | 'artifact_missing'
  | 'artifact_not_onnx'
  | 'artifact_too_large'
  | 'artifact_unavailable'
  | 'artifact_store_unavailable'
  | 'last_admin_token'
  | 'token_not_found'
  | 'token_exists'
  | 'principal_not_found'
  | 'principal_exists'
  | 'unauthenticated'
  | 'forbidden'
  | 'precondition_required'
  | 'no_approval_policy'
  | 'policy_unsatisfiable'
  | 'approval_request_not_found'
  | 'approval_request_not_open'
  | 'already_signed'
  | 'separation_of_duties'
  | 'signer_not_a_person'
  | 'reauthentication_failed'
  | 'promotion_not_approved'
  | 'already_deployed'
  | 'nothing_to_roll_back'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'identity_provider_unavailable'
  | 'dataset_not_found'
  | 'dataset_exists'
  | 'dataset_invalid'
  | 'dataset_not_stored'
  | 'dataset_too_large'
  | 'acceptance_criteria_not_found'
  | 'monitoring_policy_not_found'
  | 'acceptance_criteria_invalid'
  | 'precondition_failed'
  | 'validation_run_not_found'
  | 'validation_job_not_found'
  | 'validation_dataset_not_found'
  | 'acceptance_criteria_missing'
  | 'validation_lease_lost'
  | 'events_refused'
  | 'ticket_not_found'
  | 'ticket_closed'
  | 'ticket_rule_missing';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A failure with a stable code, a sentence a person can act on, and optionally the fields at fault. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
