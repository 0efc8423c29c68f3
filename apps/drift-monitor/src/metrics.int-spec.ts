// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import { deployForIngestion } from './testing/registry-setup';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample per line (enough of it for these counters). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1]] = l[2]!;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const time = () => new Date(Date.now() - 60_000).toISOString();
const event = (eventId: string, model: string, site: string) => ({
  eventId,
  model,
  version: 1,
  site,
  time: time(),
  features: { lactate: 2.1 },
  score: 0.5,
  alertShown: false,
});

describe('drift monitor /metrics: what ingestion stored, by model, site and kind', () => {
  let t: TestControlPlane;
  let m: TestDriftMonitor;
  let node: string;

  beforeAll(async () => {
    t = await startTestControlPlane();
    ({ node } = await deployForIngestion(t, { model: 'sepsis-risk', sites: ['site-a', 'site-b'] }));
    await deployForIngestion(t, { model: 'aki-risk', sites: ['site-a'], node });
    m = await startTestDriftMonitor(t.db.url, { token: node });
  });
  afterAll(async () => {
    await m?.stop();
    await t?.stop();
  });

  it('counts stored rows and duplicates exactly as the database and the receipts have them', async () => {
    const post = async (path: string, json: unknown) => {
      const res = await m.api('POST', `/api/v1/${path}`, { json });
      expect([path, res.status]).toEqual([path, 200]);
      return res.body as { received: number; stored: number; duplicates: number };
    };
    // Three streams in one batch, all new.
    await post('events', {
      events: [
        event('s-a-1', 'sepsis-risk', 'site-a'),
        event('s-a-2', 'sepsis-risk', 'site-a'),
        event('s-b-1', 'sepsis-risk', 'site-b'),
        event('k-a-1', 'aki-risk', 'site-a'),
      ],
    });
    // A mixed retry: two stored already (one per stream), two new, one repeated within the batch.
    expect(
      await post('events', {
        events: [
          event('s-a-1', 'sepsis-risk', 'site-a'),
          event('s-b-2', 'sepsis-risk', 'site-b'),
          event('k-a-1', 'aki-risk', 'site-a'),
          event('k-a-2', 'aki-risk', 'site-a'),
          event('k-a-2', 'aki-risk', 'site-a'),
        ],
      }),
    ).toEqual({ received: 5, stored: 2, duplicates: 3 });
    // One stream, nothing new.
    expect(await post('events', { events: [event('s-a-2', 'sepsis-risk', 'site-a')] })).toMatchObject({ stored: 0 });

    const label = (eventId: string, l: number) => ({ eventId, label: l, time: time() });
    await post('outcomes', { outcomes: [label('s-a-1', 1), label('s-b-1', 0), label('k-a-1', 1)] });
    // A repeat (duplicate), a conflict (counted with duplicates: not stored), one new.
    expect(await post('outcomes', { outcomes: [label('s-a-1', 1), label('s-b-1', 1), label('k-a-2', 0)] })).toEqual(
      expect.objectContaining({ stored: 1, duplicates: 2 }),
    );
    await post('feedback', {
      feedback: [
        { eventId: 's-a-2', action: 'accepted' },
        { eventId: 's-a-2', action: 'accepted' },
        { eventId: 'k-a-1', action: 'overridden', reason: 'already treated' },
      ],
    });

    const text = (await m.api('GET', '/metrics', { token: null })).body as string;
    const samples = parseMetrics(text);
    const counter = (name: string) =>
      Object.fromEntries(
        samples
          .filter((s) => s.name === name)
          .map((s) => [`${s.labels.kind} ${s.labels.model} ${s.labels.site}`, s.value]),
      );

    // Stored: the same numbers the database has, grouped the same way.
    const stored = await t.db.dataSource.query<{ key: string; n: number }[]>(
      `SELECT 'events ' || m.name || ' ' || e.site AS key, count(*)::int AS n
         FROM inference_event e JOIN registered_model m ON m.id = e.model_id GROUP BY 1
       UNION ALL
       SELECT 'outcomes ' || m.name || ' ' || e.site, count(*)::int
         FROM event_outcome o JOIN inference_event e USING (event_id) JOIN registered_model m ON m.id = e.model_id
        GROUP BY 1
       UNION ALL
       SELECT 'feedback ' || m.name || ' ' || e.site, count(*)::int
         FROM clinician_feedback f JOIN inference_event e USING (event_id) JOIN registered_model m ON m.id = e.model_id
        GROUP BY 1`,
    );
    expect(counter('vigil_events_ingested_total')).toEqual(Object.fromEntries(stored.map((r) => [r.key, r.n])));
    expect(counter('vigil_events_ingested_total')).toEqual({
      'events sepsis-risk site-a': 2,
      'events sepsis-risk site-b': 2,
      'events aki-risk site-a': 2,
      'outcomes sepsis-risk site-a': 1,
      'outcomes sepsis-risk site-b': 1,
      'outcomes aki-risk site-a': 2,
      'feedback sepsis-risk site-a': 1,
      'feedback aki-risk site-a': 1,
    });
    // Not stored: by the stream each was posted for.
    expect(counter('vigil_events_duplicate_total')).toEqual({
      'events sepsis-risk site-a': 2,
      'events aki-risk site-a': 2,
      'outcomes sepsis-risk site-a': 1,
      'outcomes sepsis-risk site-b': 1,
      'feedback sepsis-risk site-a': 1,
    });

    // The rest of the page: request durations by route template, process metrics under the monitor's prefix.
    expect(
      samples.find(
        (s) =>
          s.name === 'vigil_http_request_duration_seconds_count' &&
          s.labels.route === '/api/v1/events' &&
          s.labels.status_code === '200',
      )?.value,
    ).toBe(3);
    expect(samples.some((s) => s.name === 'vigil_drift_monitor_process_cpu_seconds_total')).toBe(true);
  });

  it('counts nothing for a refused batch', async () => {
    const before = (await m.api('GET', '/metrics', { token: null })).body as string;
    const refused = await m.api('POST', '/api/v1/events', {
      json: { events: [event('z-1', 'sepsis-risk', 'site-a'), event('z-2', 'sepsis-risk', 'site-z')] },
    });
    expect(refused.status).toBe(422);
    const after = (await m.api('GET', '/metrics', { token: null })).body as string;
    const pick = (text: string) =>
      parseMetrics(text)
        .filter((s) => s.name.startsWith('vigil_events_'))
        .map((s) => `${s.name} ${JSON.stringify(s.labels)} ${s.value}`);
    expect(pick(after)).toEqual(pick(before));
  });
});
