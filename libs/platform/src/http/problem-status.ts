import type { DomainErrorCode } from '@vigil/domain';

/** The HTTP status of each domain error code; exhaustive, so a new code cannot ship without one. */
export function problemStatus(code: DomainErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'model_card_invalid':
    case 'artifact_missing':
      return 400;
    case 'unauthenticated':
    case 'reauthentication_failed':
      return 401;
    case 'forbidden':
    case 'separation_of_duties':
    case 'signer_not_a_person':
      return 403;
    case 'model_not_found':
    case 'version_not_found':
    case 'token_not_found':
    case 'principal_not_found':
    case 'approval_request_not_found':
    case 'dataset_not_found':
    case 'acceptance_criteria_not_found':
    case 'monitoring_policy_not_found':
    case 'validation_run_not_found':
    case 'validation_job_not_found':
    case 'validation_dataset_not_found':
    case 'ticket_not_found':
      return 404;
    case 'model_exists':
    case 'version_exists':
    case 'token_exists':
    case 'principal_exists':
    case 'invalid_state_transition':
    case 'last_admin_token':
    case 'approval_request_not_open':
    case 'already_signed':
    case 'promotion_not_approved':
    case 'already_deployed':
    case 'dataset_exists':
    case 'dataset_not_stored':
    case 'nothing_to_roll_back':
    case 'idempotency_in_progress':
    case 'acceptance_criteria_missing':
    case 'validation_lease_lost':
    case 'ticket_closed':
    case 'ticket_rule_missing':
      return 409;
    case 'precondition_failed':
      return 412;
    case 'artifact_too_large':
    case 'dataset_too_large':
      return 413;
    case 'artifact_not_onnx':
    case 'parent_version_not_found':
    case 'no_approval_policy':
    case 'policy_unsatisfiable':
    case 'dataset_invalid':
    case 'acceptance_criteria_invalid':
    case 'idempotency_key_reused':
    case 'events_refused':
      return 422;
    case 'precondition_required':
      return 428;
    case 'artifact_unavailable':
    case 'artifact_store_unavailable':
    case 'identity_provider_unavailable':
      return 503;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}
