import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessErrors, type Principal, type Role, roleAllows } from '@vigil/domain';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { TOKEN_AUTHENTICATOR, type TokenAuthenticator } from './token-authenticator';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The global guard: bearer token → principal, then the route's roles. Fails closed. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_AUTHENTICATOR) private readonly tokens: TokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header)
      throw AccessErrors.unauthenticated('This route needs an API token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw AccessErrors.unauthenticated('The Authorization header must be "Bearer <token>".');
    const principal = await this.tokens.authenticate(match[1]);
    if (!principal) throw AccessErrors.unauthenticated('The API token is unknown, revoked or expired.');
    request.principal = principal;

    if (allowed === undefined) {
      // A route without @Roles/@AnyRole/@Public is a programming error; refuse rather than guess.
      this.logger.error({ route: request.routeOptions.url }, 'route has no access rule');
      throw AccessErrors.forbidden(principal.role, []);
    }
    if (!roleAllows(allowed, principal.role)) throw AccessErrors.forbidden(principal.role, allowed);
    return true;
  }
}
