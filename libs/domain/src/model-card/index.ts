export * from './model-card.types';
export * from './model-card.catalogue';
export * from './assess-card-completeness';
