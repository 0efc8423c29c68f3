import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '@vigil/stats';
import type { DataSource } from 'typeorm';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import {
  type EvaluationReplica,
  HOUR_MS,
  MINUTE_MS,
  normal,
  startEvaluationReplica,
  storeValidationReference,
} from './testing/monitoring-setup';
import { deployForIngestion } from './testing/registry-setup';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

const EVENTS_PER_WINDOW = 400;
const REFERENCE_AUROC = 0.8;

interface StoredWindow {
  site: string;
  phase: string;
  window_start: Date;
  window_end: Date;
  events: number;
  signals: Record<string, { value: number | null; judgement: string; reason: string; labelled: number | null }>;
  report: { performance: { labelled: number; auroc: number | null; aurocCi95: [number, number] | null } };
}

// Real registry, real drift monitor (events and outcomes through its API), one evaluation replica, one PostgreSQL.
// Outcomes are stamped with their arrival time by PostgreSQL, so the evaluations that count labels run on the
// real clock; the one that checks the label delay runs on a clock set in the past.
describe('performance phase: judged at end + labelDelay over the outcomes received by then', () => {
  let t: TestControlPlane;
  let m: TestDriftMonitor;
  let db: DataSource;
  let replica: EvaluationReplica;
  // Hourly windows aligned to the hour: W0 and W1 four and five hours back, W2 the last full hour (its labels are
  // not due until two hours after it ends, which is always later than the test runs).
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const W = [hour - 5 * HOUR_MS, hour - 4 * HOUR_MS, hour - HOUR_MS];
  const eventTime = (k: number, i: number) => W[k] + Math.floor((i * HOUR_MS) / EVENTS_PER_WINDOW);
  let cutoff: Date;

  /**
   * Events of window k at `site` with a label drawn for each (20–30% positive). Where `informative`, positives
   * score higher (N(0.42, 0.1) vs N(0.30, 0.1): a binormal AUROC of Φ(0.12 / (0.1·√2)) ≈ 0.80, the reference's);
   * otherwise the label is drawn independently of the score (AUROC ≈ 0.5).
   */
  function windowOf(site: string, k: number, informative: boolean, seed: number) {
    const random = mulberry32(seed);
    return Array.from({ length: EVENTS_PER_WINDOW }, (_, i) => {
      const positive = random() < 0.25;
      const scoredAsPositive = informative ? positive : random() < 0.25;
      return {
        event: {
          eventId: `${site}-w${k}-${i}`,
          model: 'sepsis-risk',
          version: 1,
          site,
          time: new Date(eventTime(k, i)).toISOString(),
          features: {
            lactate: normal(random, 2, 0.5),
            heart_rate: normal(random, 90, 10),
            sex: random() < 0.5 ? 'F' : 'M',
          },
          score: Math.min(1, Math.max(0, normal(random, scoredAsPositive ? 0.42 : 0.3, 0.1))),
          alertShown: false,
        },
        outcome: {
          eventId: `${site}-w${k}-${i}`,
          label: positive ? 1 : 0,
          time: new Date(Math.min(eventTime(k, i) + HOUR_MS, Date.now())).toISOString(),
        },
      };
    });
  }

  const post = async (path: string, json: unknown) => {
    const res = await m.api('POST', path, { json });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const windows = async (phase: string): Promise<StoredWindow[]> =>
    db.query(
      `SELECT site, phase, window_start, window_end, events, signals, report FROM drift_window WHERE phase = $1
        ORDER BY site, window_start`,
      [phase],
    );
  const windowAt = async (site: string, k: number): Promise<StoredWindow> => {
    const [row] = (await windows('performance')).filter((w) => w.site === site && w.window_start.getTime() === W[k]);
    if (!row) throw new Error(`no performance window ${k} at ${site}`);
    return row;
  };

  const sites = { good: 'site-a', broken: 'site-b' };
  const generated: Record<string, ReturnType<typeof windowOf>[]> = {};

  beforeAll(async () => {
    t = await startTestControlPlane();
    db = t.db.dataSource;
    const { node } = await deployForIngestion(t, { sites: [sites.good, sites.broken] });
    m = await startTestDriftMonitor(t.db.url, { token: node });
    await storeValidationReference(db, {
      sites: [sites.good, sites.broken],
      performance: { auroc: REFERENCE_AUROC, sensitivity: 0.7, ppv: 0.4 },
    });
    const policy = {
      window: '1h',
      minEvents: 50,
      evaluationDelay: '5m',
      labelDelay: '2h',
      signals: [
        {
          signal: 'input_psi',
          threshold: 0.25,
          recovery: 0.1,
          consecutiveWindows: 1,
          recoveryWindows: 1,
          severity: 'medium',
          owner: 'ml-team@hospital.org',
          coolDown: '1d',
        },
        {
          signal: 'auroc_drop',
          threshold: 0.05,
          recovery: 0.02,
          consecutiveWindows: 1,
          recoveryWindows: 1,
          minLabelled: 100,
          severity: 'high',
          owner: 'dr.rivera@hospital.org',
          coolDown: '1d',
        },
      ],
    };
    const set = await t.api('PUT', '/api/v1/models/sepsis-risk/monitoring-policy', { json: policy });
    if (set.status !== 200) throw new Error(`policy: ${set.status} ${JSON.stringify(set.body)}`);

    for (const [name, site] of Object.entries(sites)) {
      generated[site] = [0, 1, 2].map((k) => windowOf(site, k, name === 'good', (name === 'good' ? 100 : 200) + k));
      for (const w of generated[site]) await post('/api/v1/events', { events: w.map((x) => x.event) });
    }
    replica = await startEvaluationReplica(t.db.url);
  });

  afterAll(async () => {
    await replica?.close();
    await m?.stop();
    await t?.stop();
  });

  it('judges no performance window before its end + labelDelay, while the inputs phase goes ahead', async () => {
    const early = new Date(W[0] + HOUR_MS + 2 * HOUR_MS - MINUTE_MS); // one minute before W0's labels are due
    const run = await replica.evaluator.runOnce(early);
    expect(await windows('performance')).toEqual([]);
    // The same pass judged the inputs of W0 and W1 at both sites (end + 5 min is past).
    const inputs = await windows('inputs');
    expect(inputs.map((w) => [w.site, w.window_start.getTime()])).toEqual([
      [sites.good, W[0]],
      [sites.good, W[1]],
      [sites.broken, W[0]],
      [sites.broken, W[1]],
    ]);
    expect(run.windows).toBe(4);
    expect(run.ticketsOpened).toBe(0);
  });

  it('counts only the outcomes received by the evaluation, and opens a ticket for the broken site only', async () => {
    // W0: 300 of 400 outcomes arrive in time, 100 after the evaluation; W1: only 60; W2: all of them.
    const batch = (site: string, k: number, from: number, to: number) =>
      generated[site][k].slice(from, to).map((x) => x.outcome);
    const inTime = [sites.good, sites.broken].flatMap((site) => [
      ...batch(site, 0, 0, 300),
      ...batch(site, 1, 0, 60),
      ...batch(site, 2, 0, EVENTS_PER_WINDOW),
    ]);
    expect(await post('/api/v1/outcomes', { outcomes: inTime })).toEqual(
      expect.objectContaining({ stored: inTime.length }),
    );
    await sleep(30);
    cutoff = new Date();
    await sleep(30);
    const late = [sites.good, sites.broken].flatMap((site) => batch(site, 0, 300, EVENTS_PER_WINDOW));
    expect(await post('/api/v1/outcomes', { outcomes: late })).toEqual(expect.objectContaining({ stored: 200 }));

    const run = await replica.evaluator.runOnce(cutoff);
    expect(run.ticketsOpened).toBe(1);

    // Every performance window judged ended at least labelDelay before the evaluation; W2 did not.
    const judged = await windows('performance');
    expect(judged.every((w) => w.window_end.getTime() + 2 * HOUR_MS <= cutoff.getTime())).toBe(true);
    expect(judged.some((w) => w.window_start.getTime() === W[2])).toBe(false);
    for (const site of Object.values(sites)) {
      expect(judged.filter((w) => w.site === site && w.window_start.getTime() === W[0])).toHaveLength(1);
      expect(judged.filter((w) => w.site === site && w.window_start.getTime() === W[1])).toHaveLength(1);
    }

    const good = await windowAt(sites.good, 0);
    const broken = await windowAt(sites.broken, 0);
    for (const w of [good, broken]) {
      expect(w.events).toBe(EVENTS_PER_WINDOW);
      expect(w.signals.auroc_drop.labelled).toBe(300); // the 100 late outcomes are not counted
      expect(w.report.performance.labelled).toBe(300);
    }
    // Labels agree with scores as in the reference at the good site; not at all at the broken one.
    // (Each window's 95% interval holds the AUROC its scores and labels were drawn with.)
    const holds = (w: StoredWindow, auroc: number) => {
      const [low, high] = w.report.performance.aurocCi95 ?? [1, 0];
      return low <= auroc && auroc <= high;
    };
    expect(holds(good, REFERENCE_AUROC)).toBe(true);
    expect(Math.abs((good.report.performance.auroc ?? 0) - REFERENCE_AUROC)).toBeLessThan(0.06);
    expect(Math.abs(good.signals.auroc_drop.value ?? 1)).toBeLessThan(0.06);
    expect(['recovered', 'between']).toContain(good.signals.auroc_drop.judgement);
    expect(holds(broken, 0.5)).toBe(true);
    expect(holds(broken, REFERENCE_AUROC)).toBe(false);
    expect(broken.signals.auroc_drop.value).toBeGreaterThan(0.2);
    expect(broken.signals.auroc_drop.judgement).toBe('crossed');
    expect(broken.signals.auroc_drop.reason).toMatch(/lies wholly above the threshold 0\.05/);

    // Too few labels: stored, but not judged, with the reason.
    for (const site of Object.values(sites)) {
      const w1 = await windowAt(site, 1);
      expect(w1.signals.auroc_drop).toEqual(
        expect.objectContaining({
          judgement: 'not_judged',
          labelled: 60,
          reason: 'not judged: 60 labelled events, fewer than the 100 needed',
        }),
      );
    }

    const tickets = await db.query(`SELECT number, site, signal, status, evidence FROM governance_ticket`);
    expect(tickets).toEqual([
      expect.objectContaining({ number: 1, site: sites.broken, signal: 'auroc_drop', status: 'open' }),
    ]);
    const [evidence] = tickets[0].evidence.windows;
    expect(Date.parse(evidence.windowStart)).toBe(W[0]);
    expect(evidence.labelled).toBe(300);
    const incidents = await db.query(
      `SELECT site, status FROM drift_incident WHERE signal = 'auroc_drop' ORDER BY site`,
    );
    expect(incidents).toEqual([
      { site: sites.good, status: 'quiet' },
      { site: sites.broken, status: 'open' },
    ]);
  });

  it('does not judge a window again when its late outcomes arrive, and the status shows the performance window', async () => {
    const before = await windowAt(sites.broken, 0);
    const run = await replica.evaluator.runOnce(new Date());
    expect(run.ticketsOpened).toBe(0);
    const after = await windowAt(sites.broken, 0);
    expect(after.signals.auroc_drop.labelled).toBe(300);
    expect(after.signals).toEqual(before.signals);

    const status = await t.api('GET', '/api/v1/models/sepsis-risk/versions/1/monitoring?site=site-b', {
      token: await t.tokenFor('viewer'),
    });
    expect(status.status).toBe(200);
    const [siteB] = status.body.sites;
    // The latest performance window is the empty hour after W1 (W2's labels are not due yet): not judged.
    const performance = siteB.windows.find((w: { phase: string }) => w.phase === 'performance');
    expect(performance).toEqual(
      expect.objectContaining({ windowStart: new Date(W[1] + HOUR_MS).toISOString(), events: 0 }),
    );
    expect(performance.signals.auroc_drop.judgement).toBe('not_judged');
    expect(Object.keys(performance.signals)).toEqual(['auroc_drop']);
    expect(siteB.incidents).toEqual(
      expect.arrayContaining([expect.objectContaining({ signal: 'auroc_drop', status: 'open', ticket: 'VGL-1' })]),
    );
  });
});
