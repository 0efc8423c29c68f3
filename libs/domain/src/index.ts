export * from './access/role';
export * from './model-version/io-signature';
export * from './model-card';
