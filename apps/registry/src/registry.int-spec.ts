import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildLogisticModel, buildRandomBytesArtifact } from '@vigil/inference/testing';
import { registrationForm, startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

const model3 = buildLogisticModel({ weights: [0.4, -0.2, 1.1], bias: -0.3 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const meta = { gitCommit: 'a1b2c3d4e5f6', trainingDataUri: 's3://data/sepsis/train-2025q2.parquet' };

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

describe('registry API (real PostgreSQL, local artifact store)', () => {
  let t: TestControlPlane;
  beforeAll(async () => {
    t = await startTestControlPlane({ VIGIL_MAX_ARTIFACT_BYTES: String(64 * 1024) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const artifactFiles = () => listFiles(join(t.dataDir, 'artifacts'));
  const auditCount = async () => Number((await t.db.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n);

  describe('models', () => {
    it('creates a model with its card and reports what the card is missing', async () => {
      const res = await t.api('POST', '/api/v1/models', {
        json: {
          name: 'sepsis-risk',
          owner: 'Dr. A. Rivera',
          card: { purpose: { intendedUse: 'Early warning of sepsis in adult inpatients', decisionRole: 'informs' } },
        },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body.cardCompleteness.total).toBe(31);
      expect(res.body.cardCompleteness.present).toBe(2);
      expect(res.body.cardCompleteness.missing).toContain('details.fundingSource');
      expect(res.body.cardCompleteness.missing).not.toContain('purpose.intendedUse');
      const shown = await t.api('GET', '/api/v1/models/sepsis-risk');
      expect(shown.status).toBe(200);
      expect(shown.body.owner).toBe('Dr. A. Rivera');
      expect(shown.body.latestVersion).toBeNull();
    });

    it('refuses a duplicate name with 409', async () => {
      const res = await t.api('POST', '/api/v1/models', { json: { name: 'sepsis-risk', owner: 'x' } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('model_exists');
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });

    it('names the bad field of a card, including unknown ones', async () => {
      const res = await t.api('POST', '/api/v1/models', {
        json: { name: 'bad-card', owner: 'x', card: { purpose: { decisionRole: 'decides' }, detials: {} } },
      });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['card.purpose.decisionRole', 'card.detials']));
      expect((await t.api('GET', '/api/v1/models/bad-card')).status).toBe(404);
    });

    it('names bad and unknown body fields, and answers malformed JSON with 400', async () => {
      const bad = await t.api('POST', '/api/v1/models', { json: { name: 'Bad Name', owner: '', colour: 'red' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'name', 'owner']);
      const malformed = await t.api('POST', '/api/v1/models', {
        body: '{"name": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);
      expect(malformed.body.detail).toMatch(/JSON/);
    });

    it('pages through models with a cursor', async () => {
      for (const n of ['m-a', 'm-b', 'm-c'])
        expect((await t.api('POST', '/api/v1/models', { json: { name: n, owner: 'o' } })).status).toBe(201);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await t.api('GET', `/api/v1/models?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        names.push(...page.body.items.map((m: { name: string }) => m.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(names).toEqual(['m-a', 'm-b', 'm-c', 'sepsis-risk']);
      expect((await t.api('GET', '/api/v1/models?cursor=zzz')).status).toBe(400);
      expect((await t.api('GET', '/api/v1/models?limit=0')).status).toBe(400);
    });

    it('needs If-Match to change a model: 428 without, 412 when stale, 200 when current', async () => {
      const before = await auditCount();
      expect((await t.api('PATCH', '/api/v1/models/m-a', { json: { owner: 'New Owner' } })).status).toBe(428);
      expect(
        (await t.api('PATCH', '/api/v1/models/m-a', { json: { owner: 'New Owner' }, headers: { 'if-match': '"7"' } }))
          .status,
      ).toBe(412);
      const ok = await t.api('PATCH', '/api/v1/models/m-a', {
        json: { owner: 'New Owner' },
        headers: { 'if-match': '"1"' },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe('"2"');
      expect(ok.body.owner).toBe('New Owner');
      // One audit entry, carrying the before and after states.
      const rows = await t.db.dataSource.query(`SELECT action, before, after FROM audit_log ORDER BY id DESC LIMIT 1`);
      expect(rows[0].action).toBe('model.updated');
      expect(rows[0].before.owner).toBe('o');
      expect(rows[0].after.owner).toBe('New Owner');
      expect(await auditCount()).toBe(before + 1);
    });

    it('answers 404 for an unknown model', async () => {
      const res = await t.api('GET', '/api/v1/models/nope');
      expect(res.status).toBe(404);
      expect(res.body.detail).toMatch(/nope/);
    });
  });

  describe('versions', () => {
    it('registers an ONNX artifact, records its I/O signature and checksum', async () => {
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm({ ...meta, threshold: 0.3, featureColumns: ['age', 'lactate', 'heart_rate'] }, model3),
      });
      expect(res.status).toBe(201);
      expect(res.body.version).toBe(1);
      expect(res.body.artifact).toEqual({ sha256: sha(model3), sizeBytes: model3.length });
      expect(res.body.threshold).toBe(0.3);
      expect(res.body.ioSignature.inputs).toEqual([{ name: 'features', type: 'float32', shape: ['batch', 3] }]);
      expect(res.body.ioSignature.outputs[0].name).toBe('probability');
      expect(res.body.lineage).toEqual({
        gitCommit: meta.gitCommit,
        trainingDataUri: meta.trainingDataUri,
        parentVersion: null,
      });
      expect(artifactFiles().some((f) => f.endsWith(sha(model3)))).toBe(true);
    });

    it('accepts a metadata part labelled application/json', async () => {
      const form = new FormData();
      form.append('metadata', new Blob([JSON.stringify(meta)], { type: 'application/json' }));
      form.append('artifact', new Blob([buildLogisticModel({ weights: [0.1, 0.2, 0.3], bias: 0 })]), 'm.onnx');
      const res = await t.api('POST', '/api/v1/models/m-c/versions', { body: form });
      expect(res.status).toBe(201);
      // …and as a plain field with its own Content-Type header.
      const boundary = 'vigiljson';
      const artifact = Buffer.from(buildLogisticModel({ weights: [0.3, 0.2, 0.1], bias: 0 }));
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(meta)}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="m.onnx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        artifact,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const field = await t.api('POST', '/api/v1/models/m-c/versions', {
        body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(field.status).toBe(201);
    });

    it('refuses the same bytes twice with 409 naming the existing version', async () => {
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', { body: registrationForm(meta, model3) });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('version_exists');
      expect(res.body.existingVersion).toBe(1);
      expect(res.body.detail).toMatch(/sepsis-risk@1/);
    });

    it('numbers versions per model and keeps lineage to the parent', async () => {
      const v2 = buildLogisticModel({ weights: [0.5, -0.2, 1.0], bias: -0.1 });
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm({ ...meta, parentVersion: 1 }, v2),
      });
      expect(res.status).toBe(201);
      expect(res.body.version).toBe(2);
      expect(res.body.lineage.parentVersion).toBe(1);
      // The same bytes under another model are a new version 1 there.
      const other = await t.api('POST', '/api/v1/models/m-b/versions', { body: registrationForm(meta, v2) });
      expect(other.status).toBe(201);
      expect(other.body.version).toBe(1);
      const missingParent = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm({ ...meta, parentVersion: 9 }, buildLogisticModel({ weights: [1, 1, 1], bias: 0 })),
      });
      expect(missingParent.status).toBe(422);
      expect(missingParent.body.errors[0].field).toBe('parentVersion');
    });

    it('refuses a file that is not ONNX with 422 and stores nothing', async () => {
      const files = artifactFiles().length;
      const audits = await auditCount();
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm(meta, buildRandomBytesArtifact(4096, 7)),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('artifact_not_onnx');
      expect(res.body.detail).toMatch(/ONNX/i);
      expect(artifactFiles().length).toBe(files);
      expect(await auditCount()).toBe(audits);
      expect(listFiles(join(t.dataDir, 'uploads'))).toEqual([]);
    });

    it('refuses an artifact over the size limit with 413 and leaves nothing behind', async () => {
      const files = artifactFiles().length;
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm(meta, new Uint8Array(70 * 1024)),
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('artifact_too_large');
      expect(artifactFiles().length).toBe(files);
      expect(listFiles(join(t.dataDir, 'uploads'))).toEqual([]);
    });

    it('names bad metadata fields and refuses a feature list that does not fit the model', async () => {
      const bad = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm({ gitCommit: 'not-a-sha', trainingDataUri: '', threshold: 2 }, model3),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'gitCommit',
        'threshold',
        'trainingDataUri',
      ]);
      const cols = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        body: registrationForm(
          { ...meta, featureColumns: ['a', 'b'] },
          buildLogisticModel({ weights: [2, 2, 2], bias: 0 }),
        ),
      });
      expect(cols.status).toBe(400);
      expect(cols.body.errors[0].message).toMatch(/takes 3 features/);
      const unknown = await t.api('POST', '/api/v1/models/nope/versions', { body: registrationForm(meta, model3) });
      expect(unknown.status).toBe(404);
      const notMultipart = await t.api('POST', '/api/v1/models/sepsis-risk/versions', { json: meta });
      expect(notMultipart.status).toBe(400);
    });

    it('leaves no version and no object when the upload is cut off midway', async () => {
      const files = artifactFiles().length;
      const audits = await auditCount();
      const big = buildLogisticModel({ weights: [9, 9, 9], bias: 9 });
      const boundary = 'vigilcut';
      const head =
        `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(meta)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="m.onnx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      const { request } = await import('node:http');
      const url = new URL(t.plane.url);
      await new Promise<void>((resolve) => {
        const req = request({
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/api/v1/models/sepsis-risk/versions',
          headers: {
            authorization: `Bearer ${t.adminToken}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + big.length + 1000),
          },
        });
        req.on('error', () => resolve());
        req.write(head);
        req.write(big.subarray(0, Math.floor(big.length / 2)));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(artifactFiles().length).toBe(files);
      expect(await auditCount()).toBe(audits);
      expect(listFiles(join(t.dataDir, 'uploads'))).toEqual([]);
      const versions = await t.api('GET', '/api/v1/models/sepsis-risk/versions');
      expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    });

    it('shows a version with ETag and answers If-None-Match with 304', async () => {
      const res = await t.api('GET', '/api/v1/models/sepsis-risk/versions/1');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('registered');
      const etag = res.headers.get('etag')!;
      const again = await t.api('GET', '/api/v1/models/sepsis-risk/versions/1', { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect((await t.api('GET', '/api/v1/models/sepsis-risk/versions/99')).status).toBe(404);
      expect((await t.api('GET', '/api/v1/models/sepsis-risk/versions/abc')).status).toBe(400);
    });

    it('downloads the exact bytes with their checksum', async () => {
      const res = await fetch(`${t.plane.url}/api/v1/models/sepsis-risk/versions/1/artifact`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(sha(bytes)).toBe(sha(model3));
      expect(res.headers.get('x-checksum-sha256')).toBe(sha(model3));
    });

    it('archives a version (never deletes it) and records the history', async () => {
      const current = await t.api('GET', '/api/v1/models/sepsis-risk/versions/2');
      const res = await t.api('PATCH', '/api/v1/models/sepsis-risk/versions/2', {
        json: { status: 'archived', reason: 'superseded' },
        headers: { 'if-match': current.headers.get('etag')! },
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('archived');
      expect(res.body.archiveReason).toBe('superseded');
      const twice = await t.api('PATCH', '/api/v1/models/sepsis-risk/versions/2', {
        json: { status: 'archived', reason: 'again' },
        headers: { 'if-match': res.headers.get('etag')! },
      });
      expect(twice.status).toBe(409);
      const bad = await t.api('PATCH', '/api/v1/models/sepsis-risk/versions/1', {
        json: { status: 'deleted', reason: 'x' },
        headers: { 'if-match': '"1"' },
      });
      expect(bad.status).toBe(400);
      const history = await t.api('GET', '/api/v1/models/sepsis-risk/versions/2/history');
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
        'model_version.registered',
        'model_version.archived',
      ]);
      expect(history.body.items[1].before.status).toBe('registered');
      expect(history.body.items[1].after.status).toBe('archived');
    });

    it('chains every audit entry to the one before it', async () => {
      const rows: { prev_hash: string | null; hash: string }[] = await t.db.dataSource.query(
        'SELECT prev_hash, hash FROM audit_log ORDER BY id',
      );
      expect(rows.length).toBeGreaterThan(5);
      expect(rows[0].prev_hash).toBeNull();
      for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    });
  });

  describe('tokens', () => {
    it('shows a secret once, stores only its hash, and revocation takes effect at once', async () => {
      const created = await t.api('POST', '/api/v1/tokens', { json: { name: 'ci-bot', role: 'deployer' } });
      expect(created.status).toBe(201);
      const secret: string = created.body.secret;
      expect(secret).toMatch(/^vgl_/);
      const stored = await t.db.dataSource.query(`SELECT * FROM api_token WHERE name = 'ci-bot'`);
      expect(JSON.stringify(stored)).not.toContain(secret);
      const listed = await t.api('GET', '/api/v1/tokens');
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect((await t.api('GET', '/api/v1/whoami', { token: secret })).body).toMatchObject({
        name: 'ci-bot',
        role: 'deployer',
      });
      expect((await t.api('DELETE', '/api/v1/tokens/ci-bot')).body.revokedAt).not.toBeNull();
      expect((await t.api('GET', '/api/v1/whoami', { token: secret })).status).toBe(401);
      expect((await t.api('POST', '/api/v1/tokens', { json: { name: 'ci-bot', role: 'viewer' } })).status).toBe(409);
      expect((await t.api('POST', '/api/v1/tokens', { json: { name: 'x', role: 'root' } })).status).toBe(400);
      expect((await t.api('DELETE', '/api/v1/tokens/nobody')).status).toBe(404);
    });

    it('never lets the last usable admin token be revoked', async () => {
      const second = await t.api('POST', '/api/v1/tokens', { json: { name: 'admin-two', role: 'admin' } });
      expect(second.status).toBe(201);
      expect((await t.api('DELETE', '/api/v1/tokens/admin-two')).status).toBe(200);
      const last = await t.api('DELETE', '/api/v1/tokens/admin');
      expect(last.status).toBe(409);
      expect(last.body.code).toBe('last_admin_token');
      expect((await t.api('GET', '/api/v1/whoami')).status).toBe(200);
    });

    it('refuses expired tokens', async () => {
      const created = await t.api('POST', '/api/v1/tokens', {
        json: { name: 'short', role: 'viewer', expiresAt: new Date(Date.now() + 1500).toISOString() },
      });
      expect(created.status).toBe(201);
      expect((await t.api('GET', '/api/v1/whoami', { token: created.body.secret })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1700));
      expect((await t.api('GET', '/api/v1/whoami', { token: created.body.secret })).status).toBe(401);
    });
  });

  describe('operations', () => {
    it('serves health, readiness, metrics and docs without a token', async () => {
      expect((await t.api('GET', '/healthz', { token: null })).status).toBe(200);
      const ready = await t.api('GET', '/readyz', { token: null });
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ database: 'ok', artifactStore: 'ok' });
      const metrics = await t.api('GET', '/metrics', { token: null });
      expect(metrics.status).toBe(200);
      expect(String(metrics.body)).toMatch(/vigil_http_request_duration_seconds_bucket/);
      const docs = await t.api('GET', '/api/docs-json', { token: null });
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toContain('/api/v1/models/{name}/versions/{version}');
    });

    it('carries the request id through', async () => {
      const res = await t.api('GET', '/api/v1/models/nope', { headers: { 'x-request-id': 'req-abc-123' } });
      expect(res.headers.get('x-request-id')).toBe('req-abc-123');
      expect(res.body.requestId).toBe('req-abc-123');
    });
  });
});
