export * from './ticket.types';
export * from './ticket.dto';
export * from './monitoring-status.types';
