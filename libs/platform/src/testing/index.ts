export * from './json-api';
