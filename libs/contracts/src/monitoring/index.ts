export * from './monitoring-policy-query.dto';
export * from './monitoring-policy.types';
