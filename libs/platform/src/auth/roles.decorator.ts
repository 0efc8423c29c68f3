import { SetMetadata } from '@nestjs/common';
import type { Role } from '@vigil/domain';

export const ROLES_KEY = 'vigil:roles';
export const PUBLIC_KEY = 'vigil:public';

/**
 * The roles that may call a route (admin always may). Every route must carry either this or `@Public()`:
 * the guard refuses a route with neither, so a forgotten decorator fails closed.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any authenticated caller, whatever the role. */
export const AnyRole = () => SetMetadata(ROLES_KEY, []);

/** No token needed: only health, readiness and metrics, which reveal no data. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
