import type { MigrationInterface } from 'typeorm';
import { InitialRegistry1763820000000 } from './1763820000000-initial-registry';
import { Governance1763830000000 } from './1763830000000-governance';
import { Validation1763840000000 } from './1763840000000-validation';
import { DriftEvents1763850000000 } from './1763850000000-drift-events';
import { EventPartitions1763860000000 } from './1763860000000-event-partitions';
import { MonitoringPolicy1763870000000 } from './1763870000000-monitoring-policy';
import { DriftMonitor1763880000000 } from './1763880000000-drift-monitor';

/** Every migration in order, listed explicitly. Never edit one that has been merged: add a new one. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialRegistry1763820000000,
  Governance1763830000000,
  Validation1763840000000,
  DriftEvents1763850000000,
  EventPartitions1763860000000,
  MonitoringPolicy1763870000000,
  DriftMonitor1763880000000,
];
