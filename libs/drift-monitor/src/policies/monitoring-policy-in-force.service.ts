import { Injectable } from '@nestjs/common';
import type { MonitoringPolicy } from '@vigil/domain';
import { MonitoringPolicyRepository } from '@vigil/persistence';
import type { EntityManager } from 'typeorm';

/** A model's policy as the monitor applies it, with the revision to record on windows and tickets. */
export interface PolicyInForce {
  revision: number;
  policy: MonitoringPolicy;
}

/** What the window evaluator asks before judging a model's windows: which policy is in force now. */
@Injectable()
export class MonitoringPolicyInForce {
  constructor(private readonly policies: MonitoringPolicyRepository) {}

  /**
   * The newest revision of the model's policy, or null when none was ever set (then nothing is judged). Pass the
   * evaluator's transaction as `em` to read it consistently with the windows it writes.
   */
  async latestMonitoringPolicy(modelId: string, em?: EntityManager): Promise<PolicyInForce | null> {
    const row = await this.policies.latest(modelId, em);
    return row ? { revision: row.revision, policy: row.policy as unknown as MonitoringPolicy } : null;
  }
}
