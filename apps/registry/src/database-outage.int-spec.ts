import { TcpOutageProxy, testServerUrl } from '@vigil/persistence/testing';
import { startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

// The registry reaches PostgreSQL through a loopback proxy that can drop every connection and refuse new
// ones, which is what the application sees when the database crashes or restarts.
describe('when PostgreSQL goes away during service', () => {
  let proxy: TcpOutageProxy;
  let t: TestControlPlane;
  const saved = process.env.VIGIL_TEST_DATABASE_URL;

  beforeAll(async () => {
    const real = new URL(testServerUrl());
    proxy = new TcpOutageProxy(real.hostname, Number(real.port || 5432));
    real.port = String(await proxy.start());
    process.env.VIGIL_TEST_DATABASE_URL = real.toString();
    t = await startTestControlPlane({ VIGIL_TOKEN_CACHE_MS: '0' });
  });
  afterAll(async () => {
    await proxy.restore();
    await t?.stop();
    process.env.VIGIL_TEST_DATABASE_URL = saved;
    await proxy.cut();
  });

  it('answers 503 problem+json with Retry-After, then works again once the database is back', async () => {
    expect((await t.api('POST', '/api/v1/models', { json: { name: 'before-outage', owner: 'o' } })).status).toBe(201);

    await proxy.cut();
    for (const path of ['/api/v1/models/before-outage', '/api/v1/models']) {
      const during = await t.api('GET', path);
      expect(during.status).toBe(503);
      expect(during.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(during.headers.get('retry-after')).toBe('5');
      expect(during.body.code).toBe('database_unavailable');
      expect(during.body.detail).toMatch(/retry/i);
    }
    expect((await t.api('POST', '/api/v1/models', { json: { name: 'during-outage', owner: 'o' } })).status).toBe(503);
    expect((await t.api('GET', '/readyz', { token: null })).status).toBe(503);
    expect((await t.api('GET', '/healthz', { token: null })).status).toBe(200);

    await proxy.restore();
    const after = await t.api('GET', '/api/v1/models/before-outage');
    expect(after.status).toBe(200);
    expect(after.body.name).toBe('before-outage');
    expect((await t.api('POST', '/api/v1/models', { json: { name: 'after-outage', owner: 'o' } })).status).toBe(201);
    expect((await t.api('GET', '/api/v1/models/during-outage')).status).toBe(404);
    expect((await t.api('GET', '/readyz', { token: null })).status).toBe(200);
  });
});
