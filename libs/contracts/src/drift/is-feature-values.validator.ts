import { type ValidationOptions, registerDecorator } from 'class-validator';
import { INGEST_LIMITS } from './ingest-limits';

/** Why a feature map is refused, or null when it is fine. Runs for every event ingested: no allocation per value. */
export function featureValuesProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'must be an object of feature name → number, string or null';
  }
  const names = Object.keys(value);
  if (names.length > INGEST_LIMITS.maxFeatures) return `must have at most ${INGEST_LIMITS.maxFeatures} features`;
  const values = value as Record<string, unknown>;
  for (const name of names) {
    if (name.length === 0 || name.length > INGEST_LIMITS.maxFeatureNameLength) {
      return `feature names must be 1–${INGEST_LIMITS.maxFeatureNameLength} characters`;
    }
    const v = values[name];
    if (v === null) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${name} must be a finite number, a string or null`;
    } else if (typeof v === 'string') {
      if (v.length > INGEST_LIMITS.maxFeatureValueLength) {
        return `${name} must be at most ${INGEST_LIMITS.maxFeatureValueLength} characters`;
      }
    } else {
      return `${name} must be a number, a string or null`;
    }
  }
  return null;
}

/** A flat map of feature values: numbers (numeric), strings (categorical) or null (missing). */
export function IsFeatureValues(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFeatureValues',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => featureValuesProblem(value) === null,
        defaultMessage: (args) => `${args?.property ?? 'features'}: ${featureValuesProblem(args?.value)}`,
      },
    });
}
