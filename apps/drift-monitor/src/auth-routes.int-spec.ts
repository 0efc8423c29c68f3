import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ROLES, type Role, roleAllows } from '@vigil/domain';
import { IdempotencyInterceptor, PUBLIC_KEY, ROLES_KEY } from '@vigil/platform';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import { CONTROLLERS } from './app.module';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

interface DeclaredRoute {
  method: string;
  url: string;
  public: boolean;
  roles: Role[] | undefined;
  interceptors: unknown[];
}

/** Every handler Nest maps in the drift monitor, with the access rule its decorators declare. */
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
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, p: string) => (p === 'file' ? 'swagger-ui.css' : 'x'));

describe('drift monitor: access control on every route', () => {
  let registry: TestControlPlane;
  let t: TestDriftMonitor;
  const tokens = new Map<Role, string>();
  const declared = declaredRoutes();

  beforeAll(async () => {
    // Tokens are the registry's (made through its API); the monitor reads them from the same database.
    registry = await startTestControlPlane();
    for (const role of ROLES) tokens.set(role, role === 'admin' ? registry.adminToken : await registry.tokenFor(role));
    t = await startTestDriftMonitor(registry.db.url);
  });
  afterAll(async () => {
    await t?.stop();
    await registry?.stop();
  });

  it('knows every route the server registered (none escapes this test)', () => {
    const served = t.monitor.routes
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const expected = [...declared.map((r) => `${r.method} ${r.url}`), ...DOC_ROUTES.map((u) => `GET ${u}`)].sort();
    expect(served).toEqual(expected);
    expect(declared.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      expect.arrayContaining(['POST /api/v1/events', 'POST /api/v1/outcomes', 'POST /api/v1/feedback']),
    );
  });

  it('gives every controller route an explicit access rule, and only health, readiness and metrics are public', () => {
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
    expect(posts.length).toBeGreaterThanOrEqual(3);
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

  it("takes the registry's tokens and stops taking one the registry revoked (cache 0)", async () => {
    const made = await registry.api('POST', '/api/v1/tokens', { json: { name: 'node-to-revoke', role: 'deployer' } });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    const uncached = await startTestDriftMonitor(registry.db.url, { env: { VIGIL_TOKEN_CACHE_MS: '0' } });
    try {
      // Through the guard: an empty batch is refused by validation (400), not by access control.
      expect((await uncached.api('POST', '/api/v1/events', { token: secret, json: { events: [] } })).status).toBe(400);
      expect((await registry.api('DELETE', '/api/v1/tokens/node-to-revoke')).status).toBe(200);
      const after = await uncached.api('POST', '/api/v1/events', { token: secret, json: { events: [] } });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('unauthenticated');
    } finally {
      await uncached.stop();
    }
  });

  it('leaves health, readiness, metrics and the API docs open and data-free', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/docs', '/api/docs-json']) {
      expect((await t.api('GET', path, { token: null })).status).toBe(200);
    }
    const doc = await t.api('GET', '/api/docs-json', { token: null });
    expect(Object.keys(doc.body.paths as object).sort()).toEqual([
      '/api/v1/events',
      '/api/v1/feedback',
      '/api/v1/outcomes',
    ]);
  });
});
