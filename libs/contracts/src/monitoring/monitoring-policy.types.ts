import type { EscalationRule, MonitoringPolicy, SignalRule } from '@vigil/domain';

/** A rule as served: the normalised rule, with its durations also as text ("3d"). */
export interface MonitoringRuleView extends Omit<SignalRule, 'escalation'> {
  coolDown: string;
  escalation?: EscalationRule & { after: string };
}

/** The normalised policy as served: milliseconds for programs, text ("1d", "5m") for people. */
export interface MonitoringPolicyView extends Omit<MonitoringPolicy, 'signals'> {
  window: string;
  evaluationDelay: string;
  labelDelay: string;
  signals: MonitoringRuleView[];
}

/** One revision of a model's monitoring policy. */
export interface MonitoringPolicyRevision {
  model: string;
  revision: number;
  policy: MonitoringPolicyView;
  /** Each rule in one sentence, in document order. */
  description: string[];
  /** SHA-256 of the normalised policy's canonical JSON, as written to the audit trail. */
  policySha256: string;
  /** The document as it was sent (JSON). */
  source: string;
  createdBy: string;
  createdAt: string;
}
