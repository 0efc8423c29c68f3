import { buildLogisticModel } from '@vigil/inference/testing';
import { registrationForm, startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

const meta = { gitCommit: 'a1b2c3d4e5f6', trainingDataUri: 's3://data/sepsis/train-2025q2.parquet' };

interface Row {
  id: number;
  hash: string;
  actor: string;
  action: string;
  after: unknown;
}

describe('audit trail API (real PostgreSQL)', () => {
  let t: TestControlPlane;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestControlPlane();
    viewer = await t.tokenFor('viewer');
    // A model with a history (created, two edits, a version registered and archived) and one beside it.
    const created = await t.api('POST', '/api/v1/models', { json: { name: 'sepsis-risk', owner: 'Dr. A. Rivera' } });
    expect(created.status).toBe(201);
    let etag = created.headers.get('etag')!;
    for (const change of [
      { owner: 'Dr. B. Chen' },
      { card: { purpose: { intendedUse: 'Early warning of sepsis' } } },
    ]) {
      const res = await t.api('PATCH', '/api/v1/models/sepsis-risk', { json: change, headers: { 'if-match': etag } });
      expect(res.status).toBe(200);
      etag = res.headers.get('etag')!;
    }
    const artifact = buildLogisticModel({ weights: [0.4, -0.2, 1.1], bias: -0.3 });
    const v1 = await t.api('POST', '/api/v1/models/sepsis-risk/versions', { body: registrationForm(meta, artifact) });
    expect(v1.status).toBe(201);
    const archived = await t.api('PATCH', '/api/v1/models/sepsis-risk/versions/1', {
      json: { status: 'archived', reason: 'superseded' },
      headers: { 'if-match': v1.headers.get('etag')! },
    });
    expect(archived.status).toBe(200);
    expect((await t.api('POST', '/api/v1/models', { json: { name: 'sepsis-risk-2', owner: 'x' } })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const rows = async (): Promise<Row[]> =>
    (
      await t.db.dataSource.query<(Omit<Row, 'id'> & { id: string })[]>(
        'SELECT id, hash, actor, action, after FROM audit_log ORDER BY id',
      )
    ).map((r) => ({ ...r, id: Number(r.id) }));

  /** As an intruder with the table owner's rights would: switch the guard off, change history, switch it on. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await t.db.dataSource.transaction(async (em) => {
      await em.query('ALTER TABLE audit_log DISABLE TRIGGER tr_audit_log_append_only');
      await em.query(sql, params);
      await em.query('ALTER TABLE audit_log ENABLE TRIGGER tr_audit_log_append_only');
    });
  }

  const verify = () => t.api('GET', '/api/v1/audit/verify', { token: viewer });

  describe('GET /api/v1/audit/verify', () => {
    it('finds the chain intact, for a viewer, with every entry counted', async () => {
      const all = await rows();
      const res = await verify();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        entriesChecked: all.length,
        lastId: all[all.length - 1].id,
        lastHash: all[all.length - 1].hash,
        durationMs: expect.any(Number),
      });
      expect(all.map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'model.created',
          'model.updated',
          'model_version.registered',
          'model_version.archived',
        ]),
      );
    });

    it('names an entry whose actor was rewritten in the database as a content mismatch', async () => {
      const all = await rows();
      const at = all.findIndex((r) => r.action === 'model.created');
      const target = all[at];
      await tamper('UPDATE audit_log SET actor = $1 WHERE id = $2', ['someone-else', target.id]);
      const res = await verify();
      expect(res.body).toMatchObject({
        ok: false,
        firstBrokenId: target.id,
        reason: 'content_mismatch',
        entriesChecked: at + 1,
        lastId: all[at - 1].id,
        lastHash: all[at - 1].hash,
      });
      expect(res.body.detail).toMatch(new RegExp(`entry #${target.id} .*changed`));

      await tamper('UPDATE audit_log SET actor = $1 WHERE id = $2', [target.actor, target.id]);
      expect((await verify()).body.ok).toBe(true);
    });

    it('names an entry whose recorded state was edited as a content mismatch', async () => {
      const target = (await rows()).find((r) => JSON.stringify(r.after).includes('Dr. B. Chen'))!;
      await tamper(`UPDATE audit_log SET after = jsonb_set(after, '{owner}', '"Dr. Forger"') WHERE id = $1`, [
        target.id,
      ]);
      expect((await verify()).body).toMatchObject({ ok: false, firstBrokenId: target.id, reason: 'content_mismatch' });

      // Writing back the same content in another key order is not a change: jsonb and the hash both ignore it.
      await tamper('UPDATE audit_log SET after = $1::jsonb WHERE id = $2', [
        JSON.stringify(Object.fromEntries(Object.entries(target.after as object).reverse())),
        target.id,
      ]);
      expect((await verify()).body.ok).toBe(true);
    });

    it('names the entry after a deleted one as a link mismatch', async () => {
      const all = await rows();
      // The second of the model's two updates: the one that set the card.
      const at = all.findLastIndex((r) => r.action === 'model.updated');
      await tamper('DELETE FROM audit_log WHERE id = $1', [all[at].id]);
      const res = await verify();
      expect(res.body).toMatchObject({
        ok: false,
        firstBrokenId: all[at + 1].id,
        reason: 'link_mismatch',
        lastId: all[at - 1].id,
        lastHash: all[at - 1].hash,
      });
      expect(res.body.detail).toContain(`entry #${all[at - 1].id}`);
    });
  });

  describe('GET /api/v1/audit', () => {
    it('lists the entries of a model and of its versions, newest first, for a viewer', async () => {
      const res = await t.api('GET', '/api/v1/audit?model=sepsis-risk', { token: viewer });
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      // The deletion above removed one of the model's two updates.
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
        'model_version.archived',
        'model_version.registered',
        'model.updated',
        'model.created',
      ]);
      const archived = res.body.items[0];
      expect(archived).toMatchObject({
        entityType: 'model_version',
        entityId: 'sepsis-risk@1',
        actor: 'admin',
        actorRole: 'admin',
        before: { status: 'registered' },
        after: { status: 'archived', archiveReason: 'superseded' },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(new Date(archived.occurredAt).toISOString()).toBe(archived.occurredAt);
    });

    it('pages with a cursor in either order and gives the same entries', async () => {
      const newest: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.api('GET', query);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        newest.push(...res.body.items.map((e: { id: number }) => e.id));
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(newest).toEqual((await rows()).map((r) => r.id).reverse());

      const first = await t.api('GET', '/api/v1/audit?limit=2&order=oldest');
      const second = await t.api('GET', `/api/v1/audit?limit=2&order=oldest&cursor=${first.body.nextCursor}`);
      expect([...first.body.items, ...second.body.items].map((e: { id: number }) => e.id)).toEqual(
        newest.slice().reverse().slice(0, 4),
      );
      const mixed = await t.api('GET', `/api/v1/audit?limit=2&order=newest&cursor=${first.body.nextCursor}`);
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors[0].field).toBe('cursor');
    });

    it('filters by entity type and id', async () => {
      const version = await t.api('GET', '/api/v1/audit?entityType=model_version&entityId=sepsis-risk@1&order=oldest');
      expect(version.body.items.map((e: { action: string }) => e.action)).toEqual([
        'model_version.registered',
        'model_version.archived',
      ]);
      const tokens = await t.api('GET', '/api/v1/audit?entityType=token');
      expect(tokens.body.items.length).toBeGreaterThanOrEqual(2);
      expect(tokens.body.items.every((e: { entityType: string }) => e.entityType === 'token')).toBe(true);
      const other = await t.api('GET', '/api/v1/audit?model=sepsis-risk-2');
      expect(other.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['sepsis-risk-2']);
    });

    it('refuses bad queries with 400 naming the field, and an unknown model with 404', async () => {
      const cases: [string, string][] = [
        ['/api/v1/audit?entityId=sepsis-risk', 'entityId'],
        ['/api/v1/audit?model=Not%20A%20Name', 'model'],
        ['/api/v1/audit?order=sideways', 'order'],
        ['/api/v1/audit?limit=500', 'limit'],
        ['/api/v1/audit?cursor=bm9wZQ', 'cursor'],
        ['/api/v1/audit?colour=red', 'colour'],
      ];
      for (const [path, field] of cases) {
        const res = await t.api('GET', path);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const unknown = await t.api('GET', '/api/v1/audit?model=no-such-model');
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('model_not_found');
    });

    it('needs a token', async () => {
      expect((await t.api('GET', '/api/v1/audit', { token: null })).status).toBe(401);
      expect((await t.api('GET', '/api/v1/audit/verify', { token: null })).status).toBe(401);
    });
  });
});
