import { RegistryErrors } from '@vigil/domain';

/** Version numbers in paths are positive integers; anything else is a 400 naming the parameter. */
export function parseVersionParam(raw: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) {
    throw RegistryErrors.validation([{ field: 'version', message: `must be a positive whole number, got "${raw}"` }]);
  }
  return Number(raw);
}
