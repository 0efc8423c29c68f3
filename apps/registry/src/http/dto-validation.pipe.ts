// Moved to @vigil/platform so the drift monitor shares it.
export { DtoValidationPipe } from '@vigil/platform';
