export * from './access/role';
