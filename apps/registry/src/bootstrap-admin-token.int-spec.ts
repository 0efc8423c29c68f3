import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@vigil/persistence/testing';
import { startTestControlPlane } from './testing/test-control-plane';

describe('the first admin token in cluster mode (VIGIL_ADMIN_TOKEN_FILE)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    dir = mkdtempSync(join(tmpdir(), 'vigil-bootstrap-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startTestControlPlane(
      { VIGIL_MODE: 'cluster', VIGIL_ADMIN_TOKEN_FILE: join(dir, 'secret', 'admin-token') },
      { db, dataDir: dir },
    );

  it('writes a working admin token to a 0600 file, keeps it across restarts, and replaces a broken one', async () => {
    const file = join(dir, 'secret', 'admin-token');
    let t = await start();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = readFileSync(file, 'utf8').trim();
    expect((await t.api('GET', '/api/v1/whoami', { token: first })).body).toMatchObject({
      name: 'admin',
      role: 'admin',
    });
    await t.plane.close();

    t = await start();
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    await t.plane.close();

    writeFileSync(file, 'vgl_garbage\n');
    t = await start();
    const second = readFileSync(file, 'utf8').trim();
    expect(second).not.toBe(first);
    expect((await t.api('GET', '/api/v1/whoami', { token: second })).body).toMatchObject({
      name: 'admin-2',
      role: 'admin',
    });
    expect((await t.api('GET', '/api/v1/whoami', { token: first })).status).toBe(200);
    await t.plane.close();
  });
});
