export * from './audit-chain-row-hash';
export * from './audit-log-cursor';
export * from './verify-audit-trail.use-case';
export * from './list-audit-log.use-case';
export * from './governance-audit.module';
