import type { Role } from '@vigil/domain';
import { itChecksAccessOnEveryRoute, tokensForEveryRole } from '@vigil/platform/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import { CONTROLLERS } from './app.module';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

describe('drift monitor: access control on every route', () => {
  let registry: TestControlPlane;
  let t: TestDriftMonitor;
  let tokens: Map<Role, string>;

  beforeAll(async () => {
    // Tokens are the registry's (made through its API); the monitor reads them from the same database.
    registry = await startTestControlPlane();
    tokens = await tokensForEveryRole(registry);
    t = await startTestDriftMonitor(registry.db.url);
  });
  afterAll(async () => {
    await t?.stop();
    await registry?.stop();
  });

  itChecksAccessOnEveryRoute({
    controllers: CONTROLLERS,
    publicUrls: ['/healthz', '/metrics', '/readyz'],
    requiredRoutes: ['POST /api/v1/events', 'POST /api/v1/outcomes', 'POST /api/v1/feedback'],
    minimumPosts: 3,
    server: () => ({ routes: t.monitor.routes, api: t.api }),
    tokens: () => tokens,
  });

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

  it('lists only the ingestion routes in its open API docs', async () => {
    const doc = await t.api('GET', '/api/docs-json', { token: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths as object).sort()).toEqual([
      '/api/v1/events',
      '/api/v1/feedback',
      '/api/v1/outcomes',
    ]);
  });
});
