export * from './json-api';
export * from './route-access';
