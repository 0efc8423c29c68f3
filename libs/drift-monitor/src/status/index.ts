export * from './monitoring-status.query';
