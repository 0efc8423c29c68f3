import { defineStateMachine } from './state-machine';

/**
 * The states of a model version itself. Approval and deployment are per target (environment, site), so they
 * are not version states: they live in approval requests and deployments.
 */
export const MODEL_VERSION_LIFECYCLE_STATES = ['registered', 'validating', 'validated', 'failed', 'archived'] as const;
export type ModelVersionLifecycleState = (typeof MODEL_VERSION_LIFECYCLE_STATES)[number];

export const ModelVersionLifecycle = defineStateMachine<ModelVersionLifecycleState>(
  'model version',
  MODEL_VERSION_LIFECYCLE_STATES,
  {
    registered: ['validating', 'archived'],
    // A validated version may be validated again (new site data, the continued-validation schedule).
    validating: ['validated', 'failed'],
    validated: ['validating', 'archived'],
    // A failure can be retried (fixed dataset, runner outage) or given up on.
    failed: ['validating', 'archived'],
    archived: [],
  },
);
