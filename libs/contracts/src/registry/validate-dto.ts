import { plainToInstance } from 'class-transformer';
import { type ValidationError, validate } from 'class-validator';
import { type FieldProblem, RegistryErrors } from '@vigil/domain';

/** Flattens class-validator's nested errors into dotted field paths a person can find. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'unknown field' : message,
    }));
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

/** Validates a plain object against a DTO class, refusing unknown fields; throws validation_failed. */
export async function validateDto<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw RegistryErrors.validation([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw RegistryErrors.validation(fieldProblems(errors));
  return instance;
}
