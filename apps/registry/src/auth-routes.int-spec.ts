import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ROLES, type Role, roleAllows } from '@vigil/domain';
import { PUBLIC_KEY, ROLES_KEY } from '@vigil/platform';
import { CONTROLLERS } from './app.module';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

interface DeclaredRoute {
  method: string;
  url: string;
  public: boolean;
  roles: Role[] | undefined;
  interceptors: unknown[];
}

/** Every handler Nest maps, with the access rule its decorators declare. */
function declaredRoutes(): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as unknown as Record<string, unknown>;
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

/** Routes served outside Nest's controllers: the API docs, which hold no data. */
const DOC_ROUTES = ['/api/docs', '/api/docs/assets/:file', '/api/docs-json', '/api/docs-yaml'];

const SAMPLE_PARAMS: Record<string, string> = {
  name: 'sepsis-risk',
  version: '1',
  idOrName: 'nobody',
  file: 'swagger-ui.css',
};
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, p: string) => SAMPLE_PARAMS[p] ?? 'x');

describe('access control on every route', () => {
  let t: TestControlPlane;
  const tokens = new Map<Role, string>();
  const declared = declaredRoutes();

  beforeAll(async () => {
    t = await startTestControlPlane();
    for (const role of ROLES) tokens.set(role, role === 'admin' ? t.adminToken : await t.tokenFor(role));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('knows every route the server registered (none escapes this test)', () => {
    const served = t.plane.routes
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const expected = [...declared.map((r) => `${r.method} ${r.url}`), ...DOC_ROUTES.map((u) => `GET ${u}`)].sort();
    expect(served).toEqual(expected);
    expect(declared.length).toBeGreaterThanOrEqual(14);
  });

  it('gives every controller route an explicit access rule', () => {
    const missing = declared.filter((r) => !r.public && r.roles === undefined).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(
      declared
        .filter((r) => r.public)
        .map((r) => r.url)
        .sort(),
    ).toEqual(['/healthz', '/metrics', '/readyz']);
  });

  it('makes every POST replay-safe under an Idempotency-Key', () => {
    const posts = declared.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(5);
    expect(posts.filter((r) => !r.interceptors.includes(IdempotencyInterceptor)).map((r) => r.url)).toEqual([]);
  });

  it.each(declared.filter((r) => !r.public).map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s: 401 without a token or with a wrong one, 403 for a role too weak, through for the right role',
    async (_label, route) => {
      const url = concrete(route.url);
      const anonymous = await t.api(route.method, url, { token: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await t.api(route.method, url, { token: 'vgl_not-a-real-token' })).status).toBe(401);
      expect((await t.api(route.method, url, { token: null, headers: { authorization: 'Basic YTpi' } })).status).toBe(
        401,
      );

      for (const role of ROLES) {
        const res = await t.api(route.method, url, { token: tokens.get(role)! });
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

  it('leaves health, readiness and metrics open and data-free', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/docs', '/api/docs-json']) {
      expect((await t.api('GET', path, { token: null })).status).toBe(200);
    }
  });
});
