export * from './jira-stub';
export * from './ticket-notification.builder';
