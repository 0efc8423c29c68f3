export * from './ticket-recorder';
export * from './ticket-use-cases';
export * from './ticket-description';
export * from './ticket-dispatcher';
export * from './governance-tickets.module';
