import { EventRetentionService } from '@vigil/drift-ingest';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import { deployForIngestion } from './testing/registry-setup';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

const DAY = 24 * 3600 * 1000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

function event(eventId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId,
    model: 'sepsis-risk',
    version: 1,
    site: 'site-a',
    time: iso(60_000),
    features: { lactate: 2.1, heart_rate: 96, sex: 'F', ward: null },
    score: 0.42,
    alertShown: false,
    ...overrides,
  };
}

// The registry (for models, signed approvals and deployments) and the drift monitor (for ingestion) on one
// database, as in a cluster.
describe('drift monitor ingestion: events, outcomes, feedback (real PostgreSQL)', () => {
  let t: TestControlPlane;
  let m: TestDriftMonitor;
  let node: string;
  const count = async (table: string) =>
    Number((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const post = (path: string, json: unknown, token = node) => m.api('POST', `/api/v1/${path}`, { token, json });

  beforeAll(async () => {
    t = await startTestControlPlane();
    ({ node } = await deployForIngestion(t));
    m = await startTestDriftMonitor(t.db.url, { token: node });
  });
  afterAll(async () => {
    await m?.stop();
    await t?.stop();
  });

  it('is not served by the registry any more', async () => {
    expect((await t.api('POST', '/api/v1/events', { token: node, json: { events: [event('x-1')] } })).status).toBe(404);
  });

  it('stores a batch in one go and answers with what was new', async () => {
    const res = await post('events', {
      events: [event('e-1'), event('e-2', { score: 0.9, alertShown: true }), event('e-3')],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, stored: 3, duplicates: 0 });
    const rows = await t.db.dataSource.query(
      `SELECT event_id, version, site, features, score, alert_shown FROM inference_event ORDER BY event_id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ event_id: 'e-1', version: 1, site: 'site-a', score: 0.42, alert_shown: false }),
      expect.objectContaining({ event_id: 'e-2', score: 0.9, alert_shown: true }),
      expect.objectContaining({ event_id: 'e-3' }),
    ]);
    expect(rows[0].features).toEqual({ lactate: 2.1, heart_rate: 96, sex: 'F', ward: null });
  });

  it('never stores an event id twice, across batches or within one (the first stays)', async () => {
    const res = await post('events', {
      events: [event('e-1', { score: 0.99 }), event('e-4'), event('e-4', { score: 0.01 })],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, stored: 1, duplicates: 2 });
    expect(await count('inference_event')).toBe(4);
    const [e1] = await t.db.dataSource.query(`SELECT score FROM inference_event WHERE event_id = 'e-1'`);
    const [e4] = await t.db.dataSource.query(`SELECT score FROM inference_event WHERE event_id = 'e-4'`);
    expect([e1.score, e4.score]).toEqual([0.42, 0.42]);
    const again = await post('events', { events: [event('e-1'), event('e-2')] });
    expect(again.body).toEqual({ received: 2, stored: 0, duplicates: 2 });
  });

  it('refuses the whole batch, naming the item, for a version not deployed at the site', async () => {
    const res = await post('events', {
      events: [
        event('n-1'),
        event('n-2', { version: 2 }),
        event('n-3', { site: 'site-b' }),
        event('n-4', { model: 'nope' }),
      ],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.code).toBe('events_refused');
    expect(res.body.errors).toEqual([
      { field: 'events.1.version', message: expect.stringMatching(/sepsis-risk@2 is not deployed at site-a/) },
      { field: 'events.2.version', message: expect.stringMatching(/sepsis-risk@1 is not deployed at site-b/) },
      { field: 'events.3.model', message: 'no model is named nope' },
    ]);
    expect(await count(`inference_event WHERE event_id LIKE 'n-%'`)).toBe(0);
  });

  it('refuses malformed items at the edge (400) and times out of range (422), naming index and field', async () => {
    const bad = await post('events', {
      events: [event('m-1'), event('m-2', { score: 1.5 }), event('m-3', { features: { x: [1] } }), event('bad id!')],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['events.1.score', 'events.2.features', 'events.3.eventId']));
    expect(fields.some((f) => f.startsWith('events.0'))).toBe(false);
    const old = await post('events', { events: [event('m-4', { time: iso(100 * DAY) })] });
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('events_refused');
    expect(old.body.errors[0].field).toBe('events.0.time');
    const future = await post('events', { events: [event('m-5', { time: new Date(Date.now() + DAY).toISOString() })] });
    expect(future.status).toBe(422);
    expect(await count(`inference_event WHERE event_id LIKE 'm-%'`)).toBe(0);
  });

  it('links outcomes to events: first label stays, repeats are duplicates, other labels are conflicts', async () => {
    const res = await post('outcomes', {
      outcomes: [
        { eventId: 'e-1', label: 1, time: iso(1000) },
        { eventId: 'e-2', label: 0, time: iso(1000) },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 2, stored: 2, duplicates: 0, conflicts: [] });
    const again = await post('outcomes', {
      outcomes: [
        { eventId: 'e-1', label: 1, time: iso(500) },
        { eventId: 'e-2', label: 1, time: iso(500) },
      ],
    });
    expect(again.body).toEqual({ received: 2, stored: 0, duplicates: 2, conflicts: [{ index: 1, eventId: 'e-2' }] });
    const unknown = await post('outcomes', {
      outcomes: [
        { eventId: 'e-3', label: 0, time: iso(0) },
        { eventId: 'zzz', label: 1, time: iso(0) },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'outcomes.1.eventId', message: expect.stringMatching(/no event zzz/) },
    ]);
    const joined = await t.db.dataSource.query(
      `SELECT e.event_id, o.label FROM inference_event e JOIN event_outcome o USING (event_id) ORDER BY 1`,
    );
    expect(joined).toEqual([
      { event_id: 'e-1', label: 1 },
      { event_id: 'e-2', label: 0 },
    ]);
  });

  it('links clinician feedback to events, refusing unknown ids', async () => {
    const res = await post('feedback', {
      feedback: [
        { eventId: 'e-2', action: 'overridden', reason: 'patient already on antibiotics' },
        { eventId: 'e-3', action: 'accepted' },
        { eventId: 'e-3', action: 'dismissed' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, stored: 2, duplicates: 1, conflicts: [{ index: 2, eventId: 'e-3' }] });
    expect((await post('feedback', { feedback: [{ eventId: 'e-9', action: 'accepted' }] })).status).toBe(422);
    const bad = await post('feedback', { feedback: [{ eventId: 'e-1', action: 'ignored' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('feedback.0.action');
    const rows = await t.db.dataSource.query(`SELECT event_id, action, reason FROM clinician_feedback ORDER BY 1`);
    expect(rows).toEqual([
      { event_id: 'e-2', action: 'overridden', reason: 'patient already on antibiotics' },
      { event_id: 'e-3', action: 'accepted', reason: null },
    ]);
  });

  it('lets only deployers (and admins) post, and replays a retried batch under its Idempotency-Key', async () => {
    const viewer = await t.tokenFor('viewer');
    expect((await post('events', { events: [event('r-1')] }, viewer)).status).toBe(403);
    const batch = { events: [event('r-1')] };
    const send = () =>
      m.api('POST', '/api/v1/events', { token: node, json: batch, headers: { 'idempotency-key': 'r-1' } });
    const first = await send();
    const retry = await send();
    expect(first.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('retention deletes old events with their outcomes and feedback, and nothing newer', async () => {
    const res = await post('events', {
      events: [event('old-1', { time: iso(80 * DAY) }), event('young-1', { time: iso(2 * DAY) })],
    });
    expect(res.body.stored).toBe(2);
    expect((await post('outcomes', { outcomes: [{ eventId: 'old-1', label: 1, time: iso(0) }] })).status).toBe(200);
    expect((await post('feedback', { feedback: [{ eventId: 'old-1', action: 'accepted' }] })).status).toBe(200);
    const before = await count('inference_event');
    // Fifteen days on, the 90-day retention reaches old-1 (80 days old now) and nothing younger.
    const deleted = await m.monitor.app.get(EventRetentionService).sweep(new Date(Date.now() + 15 * DAY));
    expect(deleted).toBe(1);
    expect(await count('inference_event')).toBe(before - 1);
    expect(await count(`inference_event WHERE event_id = 'old-1'`)).toBe(0);
    expect(await count(`inference_event WHERE event_id = 'young-1'`)).toBe(1);
    expect(await count(`event_outcome WHERE event_id = 'old-1'`)).toBe(0);
    expect(await count(`clinician_feedback WHERE event_id = 'old-1'`)).toBe(0);
    expect(await count('event_outcome')).toBe(2);
  });

  it('takes a 5,000-event batch larger than the 5 MiB other routes allow, and refuses one over its own limit', async () => {
    // 30 features with long names, as real lab panels have: well over 5 MiB of JSON for 5,000 events.
    const features = Object.fromEntries(
      Array.from({ length: 30 }, (_, f) => [
        `laboratory_panel_result_${String(f).padStart(2, '0')}_mmol_per_l`,
        1 + f / 7,
      ]),
    );
    const big = { events: Array.from({ length: 5000 }, (_, i) => event(`big-${i}`, { features })) };
    const bytes = Buffer.byteLength(JSON.stringify(big));
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    const res = await post('events', big);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 5000, stored: 5000, duplicates: 0 });

    // Other routes keep 5 MiB, and the ingestion limit is the variable's.
    const small = await startTestDriftMonitor(t.db.url, {
      token: node,
      env: { VIGIL_INGEST_BODY_LIMIT_BYTES: String(2 * 1024 * 1024) },
    });
    try {
      const refused = await small.api('POST', '/api/v1/events', { json: big });
      expect(refused.status).toBe(413);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body.code).toBe('payload_too_large');
      const fits = await small.api('POST', '/api/v1/events', {
        json: { events: big.events.slice(0, 1000).map((e) => ({ ...e, eventId: `${e.eventId}-s` })) },
      });
      expect(fits.status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});
