export * from './monitoring-policy.errors';
export * from './monitoring-policy-hash';
export * from './set-monitoring-policy.use-case';
export * from './get-monitoring-policy.use-case';
export * from './list-monitoring-policy-revisions.use-case';
export * from './monitoring-policy-in-force.service';
export * from './monitoring-policy.module';
