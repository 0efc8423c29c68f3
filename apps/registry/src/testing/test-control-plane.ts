import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@vigil/domain';
import { createTestDatabase, type TestDatabase } from '@vigil/persistence/testing';
import { RegistryEnv, loadConfig } from '@vigil/platform';
import { type JsonApi, jsonApi } from '@vigil/platform/testing';
import { type ControlPlane, startControlPlane } from '../bootstrap/control-plane';

export interface TestControlPlane {
  plane: ControlPlane;
  db: TestDatabase;
  dataDir: string;
  adminToken: string;
  /** A fresh token of this role (made through the API). */
  tokenFor(role: Role): Promise<string>;
  /** JSON calls to this server; `token` defaults to the admin token. */
  api: JsonApi;
  stop(): Promise<void>;
}

let counter = 0;

/** A real registry on a random port, over its own fresh database and a temporary data folder. */
export async function startTestControlPlane(
  env: Record<string, string> = {},
  opts: { db?: TestDatabase; dataDir?: string } = {},
): Promise<TestControlPlane> {
  const db = opts.db ?? (await createTestDatabase({ migrate: false }));
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-registry-test-'));
  const config = loadConfig(RegistryEnv, {
    VIGIL_MODE: 'cluster',
    DATABASE_URL: db.url,
    VIGIL_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_DB_POOL_SIZE: '4',
    ...env,
  });
  // VIGIL_ADMIN_TOKEN_FILE, when a test sets it, decides where the bootstrap token goes (as in production).
  const adminTokenFile = env.VIGIL_ADMIN_TOKEN_FILE ?? join(dataDir, 'admin-token');
  const plane = await startControlPlane(config, {
    quiet: true,
    ...(env.VIGIL_ADMIN_TOKEN_FILE ? {} : { adminTokenFile }),
  });
  const adminToken = readFileSync(adminTokenFile, 'utf8').trim();

  const api = jsonApi(plane.url, adminToken);

  return {
    plane,
    db,
    dataDir,
    adminToken,
    api,
    async tokenFor(role) {
      const res = await api('POST', '/api/v1/tokens', {
        json: { name: `t-${role}-${process.pid}-${counter++}`, role },
      });
      if (res.status !== 201)
        throw new Error(`could not make a ${role} token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.secret as string;
    },
    async stop() {
      await plane.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Builds a multipart registration body: `metadata` JSON first, then the `artifact` bytes. */
export function registrationForm(
  metadata: Record<string, unknown>,
  artifact: Uint8Array,
  filename = 'model.onnx',
): FormData {
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append('artifact', new Blob([artifact]), filename);
  return form;
}
