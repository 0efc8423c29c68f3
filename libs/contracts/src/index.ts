export * from './model-card';
export * from './client';
export * from './registry';
