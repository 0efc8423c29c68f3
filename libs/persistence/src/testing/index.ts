export * from './test-database';
export * from './tcp-outage-proxy';
