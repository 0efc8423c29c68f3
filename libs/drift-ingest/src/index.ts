export * from './drift-ingest-options';
export * from './drift-ingest.module';
export * from './events/ingest-events.use-case';
export * from './events/event-batch.pipe';
export * from './outcomes/record-outcomes.use-case';
export * from './feedback/record-feedback.use-case';
export * from './retention/event-retention.service';
export * from './retention/partition-days';
