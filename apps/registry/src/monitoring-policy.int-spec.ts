import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MonitoringPolicyInForce } from '@vigil/drift-monitor';
import { parse } from 'yaml';
import { startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

const MINUTE = 60_000;
const DAY = 86_400_000;
const PATH = '/api/v1/models/sepsis-risk/monitoring-policy';

/** The documented example (docs/examples/monitoring-policy.yaml): four rules, default delays. */
const EXAMPLE = parse(
  readFileSync(join(__dirname, '..', '..', '..', 'docs', 'examples', 'monitoring-policy.yaml'), 'utf8'),
) as { signals: Record<string, unknown>[] } & Record<string, unknown>;
const INPUT_PSI = EXAMPLE.signals[0];
const FIRST = { window: '1d', minEvents: 200, signals: [INPUT_PSI] };
const SECOND = { ...EXAMPLE, window: '12h', minEvents: 100, evaluationDelay: '15m', labelDelay: '5d' };

describe('monitoring policies (real PostgreSQL, through HTTP)', () => {
  let t: TestControlPlane;
  let approver: string;
  let submitter: string;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestControlPlane();
    [approver, submitter, viewer] = await Promise.all([
      t.tokenFor('approver'),
      t.tokenFor('submitter'),
      t.tokenFor('viewer'),
    ]);
    expect((await t.api('POST', '/api/v1/models', { json: { name: 'sepsis-risk', owner: 'ml' } })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const audit = async () =>
    t.db.dataSource.query<
      { actor: string; actor_role: string; entity_id: string; request_id: string; before: any; after: any }[]
    >(
      `SELECT actor, actor_role, entity_id, request_id, before, after FROM audit_log
       WHERE action = 'monitoring_policy.set' ORDER BY id`,
    );

  it('answers 404 monitoring_policy_not_found before any policy is set, and 404 model_not_found for no model', async () => {
    const none = await t.api('GET', PATH, { token: viewer });
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(none.body.code).toBe('monitoring_policy_not_found');
    expect(none.body.detail).toContain('vigil monitor policy set');
    const noModel = await t.api('GET', '/api/v1/models/nope/monitoring-policy', { token: viewer });
    expect(noModel.status).toBe(404);
    expect(noModel.body.code).toBe('model_not_found');
    const setNoModel = await t.api('PUT', '/api/v1/models/nope/monitoring-policy', { token: approver, json: FIRST });
    expect(setNoModel.status).toBe(404);
    expect(setNoModel.body.code).toBe('model_not_found');
    expect(await audit()).toEqual([]);
  });

  it('numbers each PUT as the next revision, with ETag, durations as text, rules in words, and audits both', async () => {
    const first = await t.api('PUT', PATH, {
      token: approver,
      headers: { 'if-match': '"0"', 'x-request-id': 'req-policy-1' },
      json: FIRST,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toMatchObject({
      model: 'sepsis-risk',
      revision: 1,
      policy: {
        windowMs: DAY,
        window: '1d',
        minEvents: 200,
        evaluationDelayMs: 5 * MINUTE,
        evaluationDelay: '5m',
        labelDelayMs: 3 * DAY,
        labelDelay: '3d',
        signals: [
          {
            signal: 'input_psi',
            coolDownMs: 3 * DAY,
            coolDown: '3d',
            escalation: { afterMs: DAY, after: '1d', to: 'cmio@hospital.org' },
            minEvents: 200,
          },
        ],
      },
    });
    expect(first.body.description).toEqual([
      'input_psi above 0.25 for 2 windows in a row opens a high ticket for dr.rivera@hospital.org; closes after 3 windows in a row below 0.1; 3d cool-down; escalates to cmio@hospital.org if unacknowledged for 1d; windows with fewer than 200 events are not judged',
    ]);
    expect(JSON.parse(first.body.source)).toEqual(FIRST);
    expect(first.body.createdBy).toMatch(/^t-approver-/);
    expect(first.body.policySha256).toMatch(/^[0-9a-f]{64}$/);

    const second = await t.api('PUT', PATH, { token: approver, headers: { 'if-match': '"1"' }, json: SECOND });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"2"');
    expect(second.body.revision).toBe(2);
    expect(second.body.policy).toMatchObject({ windowMs: 12 * 60 * MINUTE, evaluationDelayMs: 15 * MINUTE });
    expect(second.body.policy.signals[2]).toMatchObject({ signal: 'auroc_drop', minLabelled: 100, minEvents: 100 });
    expect(second.body.description).toHaveLength(4);
    expect(second.body.policySha256).not.toBe(first.body.policySha256);

    const entries = await audit();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor_role: 'approver', entity_id: 'sepsis-risk', request_id: 'req-policy-1' });
    expect(entries[0].before).toBeNull();
    expect(entries[0].after).toMatchObject({ policyRevision: 1, policySha256: first.body.policySha256 });
    expect(entries[0].after.policy).toMatchObject({ windowMs: DAY, labelDelayMs: 3 * DAY });
    expect(entries[1].before).toEqual({ policyRevision: 1, policySha256: first.body.policySha256 });
    expect(entries[1].after).toMatchObject({ policyRevision: 2, policySha256: second.body.policySha256 });
  });

  it('serves the policy in force with its ETag, an earlier revision by ?revision=, and the revisions paged', async () => {
    const latest = await t.api('GET', PATH, { token: viewer });
    expect(latest.status).toBe(200);
    expect(latest.headers.get('etag')).toBe('"2"');
    expect(latest.body.revision).toBe(2);
    const first = await t.api('GET', `${PATH}?revision=1`, { token: viewer });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBeNull();
    expect(first.body.policy.window).toBe('1d');
    expect(JSON.parse(first.body.source)).toEqual(FIRST);
    const missing = await t.api('GET', `${PATH}?revision=9`, { token: viewer });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('monitoring_policy_not_found');
    const bad = await t.api('GET', `${PATH}?revision=first`, { token: viewer });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['revision']));

    const page1 = await t.api('GET', `${PATH}/revisions?limit=1`, { token: viewer });
    expect(page1.body.items.map((p: { revision: number }) => p.revision)).toEqual([2]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.api('GET', `${PATH}/revisions?limit=1&cursor=${page1.body.nextCursor}`, { token: viewer });
    expect(page2.body.items.map((p: { revision: number }) => p.revision)).toEqual([1]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('gives the evaluator the policy in force as { revision, policy }', async () => {
    const inForce = t.plane.app.get(MonitoringPolicyInForce);
    const [model] = await t.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM registered_model WHERE name = 'sepsis-risk'`,
    );
    const found = await inForce.latestMonitoringPolicy(model.id);
    expect(found?.revision).toBe(2);
    expect(found?.policy).toMatchObject({ windowMs: 12 * 60 * MINUTE, labelDelayMs: 5 * DAY });
    expect(found?.policy.signals.map((r) => r.signal)).toEqual([
      'input_psi',
      'missing_rate',
      'auroc_drop',
      'acceptance_rate',
    ]);
    // Inside the caller's transaction too.
    const inTx = await t.db.dataSource.transaction((em) => inForce.latestMonitoringPolicy(model.id, em));
    expect(inTx).toEqual(found);
    expect(await inForce.latestMonitoringPolicy('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refuses a crossed edit with 412 and leaves the revision and the audit trail unchanged', async () => {
    const stale = await t.api('PUT', PATH, { token: approver, headers: { 'if-match': '"1"' }, json: FIRST });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    expect((await t.api('GET', PATH, { token: viewer })).body.revision).toBe(2);
    expect(await audit()).toHaveLength(2);
  });

  it('refuses an invalid document with 400 problem+json listing every problem with its path', async () => {
    const bad = await t.api('PUT', PATH, {
      token: approver,
      json: {
        window: '1d',
        minEvents: 200,
        labelDelay: '120d',
        signals: [
          { ...INPUT_PSI, recovery: 0.4, severity: 'urgent' },
          { ...INPUT_PSI, signal: 'auroc-drop' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ code: 'validation_failed', reason: 'monitoring_policy_invalid' });
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['labelDelay', 'signals[0].recovery', 'signals[0].severity', 'signals[1].signal']);
    expect(bad.body.errors[3].message).toContain('did you mean "auroc_drop"?');
    expect(bad.body.detail).toContain('labelDelay: must be from 0m to 90d');
    const notObject = await t.api('PUT', PATH, { token: approver, json: ['window', '1d'] });
    expect(notObject.status).toBe(400);
    expect(notObject.body.errors[0].field).toBe('policy');
    expect(await audit()).toHaveLength(2);
  });

  it('lets only approvers and admins set a policy (403 for the rest), and any role read it', async () => {
    for (const token of [submitter, viewer]) {
      const denied = await t.api('PUT', PATH, { token, json: FIRST });
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('forbidden');
    }
    const byAdmin = await t.api('PUT', PATH, { json: FIRST });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.revision).toBe(3);
    expect((await t.api('GET', `${PATH}/revisions`, { token: submitter })).status).toBe(200);
    const entries = await audit();
    expect(entries.map((e) => e.after.policyRevision)).toEqual([1, 2, 3]);
    // Same rules as revision 1, however written: the same hash.
    expect(entries[2].after.policySha256).toBe(entries[0].after.policySha256);
  });
});
