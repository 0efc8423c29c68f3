import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Principal } from '@vigil/domain';
import type { AuthenticatedRequest } from './auth.guard';

/** The authenticated caller, set by AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
