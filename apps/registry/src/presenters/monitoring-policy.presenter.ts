import type { MonitoringPolicyRevision, MonitoringPolicyView, MonitoringRuleView } from '@vigil/contracts';
import { type MonitoringPolicy, type SignalRule, describeSignalRule, formatDuration } from '@vigil/domain';
import { monitoringPolicyHash } from '@vigil/drift-monitor';
import type { MonitoringPolicyEntity } from '@vigil/persistence';

export function presentMonitoringPolicy(model: string, row: MonitoringPolicyEntity): MonitoringPolicyRevision {
  const policy = row.policy as unknown as MonitoringPolicy;
  return {
    model,
    revision: row.revision,
    policy: policyView(policy),
    description: policy.signals.map(describeSignalRule),
    policySha256: monitoringPolicyHash(row.policy),
    source: row.source,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The stored policy with every duration also as text, so neither a program nor a person has to convert. */
function policyView(policy: MonitoringPolicy): MonitoringPolicyView {
  return {
    ...policy,
    window: formatDuration(policy.windowMs),
    evaluationDelay: formatDuration(policy.evaluationDelayMs),
    labelDelay: formatDuration(policy.labelDelayMs),
    signals: policy.signals.map(ruleView),
  };
}

function ruleView({ escalation, ...rule }: SignalRule): MonitoringRuleView {
  const view: MonitoringRuleView = { ...rule, coolDown: formatDuration(rule.coolDownMs) };
  if (escalation) view.escalation = { ...escalation, after: formatDuration(escalation.afterMs) };
  return view;
}
