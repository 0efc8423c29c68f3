export * from './window-schedule';
export * from './incident-codec';
export * from './stream-reference';
export * from './window-evaluator.service';
export * from './drift-metrics-refresher';
export * from './drift-monitor-scheduler';
export * from './drift-evaluation.module';
