export * from './page-query.dto';
export * from './create-model.dto';
export * from './update-model.dto';
export * from './register-version-metadata.dto';
export * from './update-version.dto';
export * from './create-token.dto';
export * from './validate-dto';
