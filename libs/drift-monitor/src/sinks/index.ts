export * from './ticket-sink';
export * from './ticket-sink-permanent.error';
export * from './webhook-signature';
export * from './webhook-sink';
export * from './jira-sink';
export * from './jira-document';
export * from './ticket-sinks-from-env';
