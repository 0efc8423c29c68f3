import { DomainError, type FieldProblem } from './domain-error';

/** Constructors for the registry's failures, so every message is worded once. */
export const RegistryErrors = {
  modelNotFound: (name: string) => new DomainError('model_not_found', `No model named "${name}" is registered.`),
  modelExists: (name: string) =>
    new DomainError('model_exists', `A model named "${name}" already exists; choose another name or update it.`),
  versionNotFound: (name: string, version: number) =>
    new DomainError('version_not_found', `Model "${name}" has no version ${version}.`),
  versionExists: (name: string, version: number, sha256: string) =>
    new DomainError(
      'version_exists',
      `These exact bytes are already registered as ${name}@${version} (sha256 ${sha256}); versions are immutable, so there is nothing new to register.`,
      undefined,
      { existingVersion: version, sha256 },
    ),
  parentNotFound: (name: string, parent: number) =>
    new DomainError('parent_version_not_found', `Parent version ${parent} does not exist for model "${name}".`, [
      { field: 'parentVersion', message: `model "${name}" has no version ${parent}` },
    ]),
  invalidTransition: (what: string, from: string, to: string) =>
    new DomainError('invalid_state_transition', `${what} is ${from}; it cannot become ${to}.`),
  artifactMissing: () =>
    new DomainError(
      'artifact_missing',
      'The request carried no artifact: send the ONNX file as the multipart part "artifact" after "metadata".',
    ),
  artifactTooLarge: (limitBytes: number) =>
    new DomainError(
      'artifact_too_large',
      `The artifact is larger than this registry accepts (${limitBytes} bytes); raise VIGIL_MAX_ARTIFACT_BYTES if it is legitimate.`,
    ),
  artifactUnavailable: (sha256: string) =>
    new DomainError(
      'artifact_unavailable',
      `The artifact ${sha256} is recorded but cannot be read from the artifact store.`,
    ),
  artifactStoreUnavailable: (reason: string) =>
    new DomainError(
      'artifact_store_unavailable',
      `The artifact store cannot be used right now (${reason}); retry later or ask your operator.`,
    ),
  inspectionTimedOut: (seconds: number) =>
    new DomainError(
      'artifact_not_onnx',
      `onnxruntime could not open the artifact within ${seconds} s, so it was not accepted as an ONNX model.`,
    ),
  validation: (errors: FieldProblem[]) =>
    new DomainError(
      'validation_failed',
      `The request is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`,
      errors,
    ),
};
