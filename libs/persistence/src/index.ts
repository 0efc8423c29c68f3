export * from './entities';
export * from './data-source/create-data-source';
export * from './data-source/run-migrations';
export * from './embedded/embedded-postgres-server';
export * from './embedded/find-free-port';
