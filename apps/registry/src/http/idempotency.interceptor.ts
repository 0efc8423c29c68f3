// Moved to @vigil/platform so the drift monitor shares it; kept here so the registry's controllers import it
// from where they always did.
export { IdempotencyInterceptor, Idempotent } from '@vigil/platform';
