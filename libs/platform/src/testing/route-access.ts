// Registers Jest tests (it, it.each, expect): a helper for *.int-spec.ts files only. The reference lets the build,
// which compiles testing/ without Jest's types, type this file; nothing outside a Jest run loads it.
/// <reference types="jest" />
import { RequestMethod, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ROLES, type Role, roleAllows } from '@vigil/domain';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/roles.decorator';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import type { JsonApi } from './json-api';

/** One handler Nest maps, with the access rule its decorators declare. */
export interface DeclaredRoute {
  method: string;
  url: string;
  public: boolean;
  roles: Role[] | undefined;
  interceptors: unknown[];
}

/** Every handler of these controllers, read from the metadata Nest routes by. */
export function declaredRoutes(controllers: readonly Type<unknown>[]): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const handler = proto[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const url = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push({
        method: RequestMethod[method],
        url,
        public: Reflect.getMetadata(PUBLIC_KEY, handler) === true,
        roles: Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined,
        interceptors: (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [],
      });
    }
  }
  return routes;
}

/** Routes every Vigil HTTP service serves outside Nest's controllers: the API docs, which hold no data. */
export const API_DOC_ROUTES = ['/api/docs', '/api/docs/assets/:file', '/api/docs-json', '/api/docs-yaml'];

/** One token per role, the admin's being the bootstrap token (a test registry: `startTestControlPlane()`). */
export async function tokensForEveryRole(registry: {
  adminToken: string;
  tokenFor(role: Role): Promise<string>;
}): Promise<Map<Role, string>> {
  const tokens = new Map<Role, string>();
  for (const role of ROLES) tokens.set(role, role === 'admin' ? registry.adminToken : await registry.tokenFor(role));
  return tokens;
}

export interface RouteAccessOptions {
  /** The app's controller classes, as its module lists them. */
  controllers: readonly Type<unknown>[];
  /** The URLs of the controller routes marked `@Public()`, sorted; every other route must name its roles. */
  publicUrls: string[];
  /** Values for path parameters (`:name` → `name`) when a route is called; any other parameter becomes `x`. */
  sampleParams?: Record<string, string>;
  /** Fewest POST routes the app must declare (each one must sit behind the Idempotency-Key interceptor). */
  minimumPosts: number;
  /** Fewest routes the app must declare, so a controller dropped from the module is noticed. */
  minimumRoutes?: number;
  /** Routes (`METHOD /url`) the app must declare. */
  requiredRoutes?: string[];
  /** The started server, read once `beforeAll` has started it: what it registered, and a client for it. */
  server: () => { routes: readonly { method: string; url: string }[]; api: JsonApi };
  /** A token per role, read once `beforeAll` has made them (`tokensForEveryRole`). */
  tokens: () => ReadonlyMap<Role, string>;
}

/**
 * Registers, in the calling `describe`, the access checks every Vigil HTTP service must pass: every route the
 * server serves is a declared controller route or an API docs page; every controller route is public or names its
 * roles; every POST is replay-safe under an Idempotency-Key; each protected route answers 401 (problem+json, with a
 * Bearer challenge) without a token, with a made-up one or with Basic credentials, 403 `forbidden` to each role it
 * does not allow and neither to each role it does; public routes and the API docs answer anyone.
 */
export function itChecksAccessOnEveryRoute(options: RouteAccessOptions): DeclaredRoute[] {
  const declared = declaredRoutes(options.controllers);
  const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
  const samples: Record<string, string> = { file: 'swagger-ui.css', ...options.sampleParams };
  const concrete = (url: string) => url.replace(/:(\w+)/g, (_, p: string) => samples[p] ?? 'x');

  it('knows every route the server registered (none escapes this test)', () => {
    const served = options
      .server()
      .routes.filter((r) => r.method !== 'HEAD')
      .map(key)
      .sort();
    const expected = [...declared.map(key), ...API_DOC_ROUTES.map((u) => `GET ${u}`)].sort();
    expect(served).toEqual(expected);
    expect(declared.length).toBeGreaterThanOrEqual(options.minimumRoutes ?? 1);
    expect(declared.map(key)).toEqual(expect.arrayContaining(options.requiredRoutes ?? []));
  });

  it(`gives every controller route an explicit access rule, and only ${options.publicUrls.join(', ')} are public`, () => {
    const missing = declared.filter((r) => !r.public && r.roles === undefined).map(key);
    expect(missing).toEqual([]);
    expect(
      declared
        .filter((r) => r.public)
        .map((r) => r.url)
        .sort(),
    ).toEqual(options.publicUrls);
  });

  it('makes every POST replay-safe under an Idempotency-Key', () => {
    const posts = declared.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(options.minimumPosts);
    expect(posts.filter((r) => !r.interceptors.includes(IdempotencyInterceptor)).map((r) => r.url)).toEqual([]);
  });

  it.each(declared.filter((r) => !r.public).map((r) => [key(r), r] as const))(
    '%s: 401 without a token or with a wrong one, 403 for a role too weak, through for the right role',
    async (_label, route) => {
      const { api } = options.server();
      const url = concrete(route.url);
      const anonymous = await api(route.method, url, { token: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await api(route.method, url, { token: 'vgl_not-a-real-token' })).status).toBe(401);
      expect((await api(route.method, url, { token: null, headers: { authorization: 'Basic YTpi' } })).status).toBe(
        401,
      );

      const tokens = options.tokens();
      for (const role of ROLES) {
        const res = await api(route.method, url, { token: tokens.get(role)! });
        if (roleAllows(route.roles!, role)) {
          expect([role, res.status]).not.toEqual([role, 401]);
          expect([role, res.status]).not.toEqual([role, 403]);
        } else {
          expect([role, res.status]).toEqual([role, 403]);
          expect(res.body.code).toBe('forbidden');
        }
      }
    },
  );

  it('leaves the public routes and the API docs open to callers without a token', async () => {
    const { api } = options.server();
    const open = [...options.publicUrls, ...API_DOC_ROUTES].map(concrete);
    const statuses: string[] = [];
    for (const path of open) statuses.push(`${path} ${(await api('GET', path, { token: null })).status}`);
    expect(statuses).toEqual(open.map((path) => `${path} 200`));
  });

  return declared;
}
