import type { Role } from '@vigil/domain';
import { itChecksAccessOnEveryRoute, tokensForEveryRole } from '@vigil/platform/testing';
import { CONTROLLERS } from './app.module';
import { startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

describe('access control on every route', () => {
  let t: TestControlPlane;
  let tokens: Map<Role, string>;

  beforeAll(async () => {
    t = await startTestControlPlane();
    tokens = await tokensForEveryRole(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  itChecksAccessOnEveryRoute({
    controllers: CONTROLLERS,
    publicUrls: ['/healthz', '/metrics', '/readyz'],
    sampleParams: { name: 'sepsis-risk', version: '1', idOrName: 'nobody' },
    minimumRoutes: 14,
    minimumPosts: 6,
    server: () => ({ routes: t.plane.routes, api: t.api }),
    tokens: () => tokens,
  });
});
