import { DriftMetricsRefresher } from '@vigil/drift-monitor';
import type { DataSource } from 'typeorm';
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { TestControlPlane } from '../../registry/src/testing/test-control-plane';
import {
  type EvaluationReplica,
  type InputShiftScenario,
  MINUTE_MS as MIN,
  startEvaluationReplica,
  startInputShiftScenario,
} from './testing/monitoring-setup';
import type { TestDriftMonitor } from './testing/test-drift-monitor';

// Real registry, real drift monitor (ingestion), two evaluation replicas on one real PostgreSQL.
describe('window evaluation: once per window across replicas, one ticket per incident, hysteresis', () => {
  let scenario: InputShiftScenario;
  let t: TestControlPlane;
  let m: TestDriftMonitor;
  let db: DataSource;
  let replicas: EvaluationReplica[];
  const win = (k: number) => scenario.win(k);
  const postWindow = (site: string, k: number, shifted: boolean, seed: number) =>
    scenario.postWindow(site, k, shifted, seed);

  beforeAll(async () => {
    // sepsis-risk@1 at site-a (like the reference) and site-b (lactate shifted from W1 on: a new analyser), a
    // validation reference at both, hourly windows W0…W3 posted; prediction drift watched too (scores unchanged).
    scenario = await startInputShiftScenario({
      extraSignals: [
        {
          signal: 'prediction_psi',
          threshold: 0.25,
          recovery: 0.1,
          consecutiveWindows: 2,
          recoveryWindows: 2,
          severity: 'medium',
          owner: 'ml-team@hospital.org',
          coolDown: '1d',
        },
      ],
    });
    ({ t, m, db } = scenario);
    replicas = [await startEvaluationReplica(t.db.url), await startEvaluationReplica(t.db.url)];
  });

  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await scenario?.stop();
  });

  const tickets = () =>
    db.query(
      `SELECT number, site, signal, status, escalated_at, acknowledged_by FROM governance_ticket ORDER BY number`,
    );

  it('two replicas evaluating at once store each window once and open exactly one ticket for the shift', async () => {
    const T1 = new Date(win(4) + 31 * MIN);
    const [a, b] = await Promise.all(replicas.map((r) => r.evaluator.runOnce(T1)));
    expect(a.windows + b.windows).toBe(8); // 2 sites × W0…W3, inputs phase
    const perWindow = await db.query(
      `SELECT site, window_start, count(*)::int AS n FROM drift_window GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(perWindow).toHaveLength(8);
    expect(perWindow.every((r: { n: number }) => r.n === 1)).toBe(true);

    const open = await tickets();
    expect(open).toEqual([expect.objectContaining({ number: 1, site: 'site-b', signal: 'input_psi', status: 'open' })]);
    const [ticket] = await db.query(`SELECT * FROM governance_ticket WHERE number = 1`);
    // Opened on W2, the second crossed window in a row; W3 was recorded on the same ticket.
    expect(ticket.evidence.windows.map((w: { windowStart: string }) => Date.parse(w.windowStart))).toEqual([
      win(1),
      win(2),
    ]);
    expect(ticket.evidence.windows[1].worstFeatures[0].feature).toBe('lactate');
    expect(ticket.window_count).toBe(3);
    expect(ticket.links.map((l: { label: string }) => l.label)).toEqual(
      expect.arrayContaining(['Model version', 'Validation report', 'Approval']),
    );
    const events = await db.query(`SELECT kind FROM governance_ticket_event WHERE ticket_id = $1 ORDER BY seq`, [
      ticket.id,
    ]);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'updated']);

    // The stable site's windows are judged (not skipped) and recovered.
    const [w] = await db.query(`SELECT signals FROM drift_window WHERE site = 'site-a' AND window_start = $1`, [
      new Date(win(2)),
    ]);
    expect(w.signals.input_psi.judgement).toBe('recovered');
    expect(w.signals.input_psi.value).toBeLessThan(0.1);

    // Running the same pass again changes nothing.
    const again = await replicas[0].evaluator.runOnce(T1);
    expect(again.windows).toBe(0);
    expect(await db.query(`SELECT count(*)::int AS n FROM drift_window`)).toEqual([{ n: 8 }]);
  });

  it("exports the latest windows and open tickets on the monitor's /metrics, and the registry shows the status", async () => {
    await m.monitor.app.get(DriftMetricsRefresher).refresh();
    const res = await fetch(`${m.url}/metrics`);
    const text = await res.text();
    const psi = (site: string, feature: string) => {
      const line = text
        .split('\n')
        .find(
          (l) => l.startsWith('vigil_drift_psi{') && l.includes(`site="${site}"`) && l.includes(`feature="${feature}"`),
        );
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    expect(psi('site-b', 'lactate')).toBeGreaterThan(0.25);
    expect(psi('site-a', 'lactate')).toBeLessThan(0.1);
    expect(text).toMatch(/vigil_governance_tickets_open\{[^}]*site="site-b"[^}]*\} 1/);
    expect(text).toMatch(/vigil_prediction_psi\{[^}]*site="site-a"/);
    // The performance the version was approved on (from the frozen reference), beside the window's.
    expect(text).toMatch(/vigil_performance_reference_auroc\{[^}]*site="site-b"[^}]*\} 0\.8/);
    // The process and ingestion series leave through the same /metrics.
    expect(text).toMatch(/vigil_events_ingested_total\{/);

    const status = await t.api('GET', '/api/v1/models/sepsis-risk/versions/1/monitoring?site=site-b', {
      token: await t.tokenFor('viewer'),
    });
    expect(status.status).toBe(200);
    const [siteB] = status.body.sites;
    expect(siteB.site).toBe('site-b');
    expect(siteB.reference).toEqual(expect.objectContaining({ source: 'validation', dataset: 'icu-ref', lacks: [] }));
    expect(siteB.windows[0].signals.input_psi.judgement).toBe('crossed');
    expect(siteB.incidents).toEqual(
      expect.arrayContaining([expect.objectContaining({ signal: 'input_psi', status: 'open', ticket: 'VGL-1' })]),
    );
    expect((await t.api('GET', '/api/v1/models/sepsis-risk/versions/7/monitoring')).status).toBe(404);
  });

  it('escalates an unacknowledged ticket when its deadline passes, between windows, once', async () => {
    const T2 = new Date(win(5) + 5 * MIN);
    const run = await replicas[1].evaluator.runOnce(T2);
    expect(run.windows).toBe(0);
    expect(run.deadlinesApplied).toBe(1);
    await replicas[0].evaluator.runOnce(new Date(T2.getTime() + MIN));
    const [ticket] = await tickets();
    expect(ticket.escalated_at).not.toBeNull();
    const kinds = await db.query(`SELECT kind FROM governance_ticket_event ORDER BY seq`);
    expect(kinds.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'updated', 'escalated']);
  });

  it('through the registry: anyone reads it, a person acknowledges it, resolving by hand is refused while crossed', async () => {
    const viewer = await t.tokenFor('viewer');
    const list = await t.api('GET', '/api/v1/tickets', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(['VGL-1']);
    const shown = await t.api('GET', '/api/v1/tickets/VGL-1', { token: viewer });
    expect(shown.body.description).toContain('lactate');
    expect(shown.body.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'updated', 'escalated']);

    expect((await t.api('POST', '/api/v1/tickets/VGL-1/acknowledge', { token: viewer, json: {} })).status).toBe(403);
    const approver = await t.tokenFor('approver');
    const ack = await t.api('POST', '/api/v1/tickets/VGL-1/acknowledge', { token: approver, json: { note: 'on it' } });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBeTruthy();

    const refused = await t.api('POST', '/api/v1/tickets/VGL-1/resolve', { token: approver, json: { note: 'fixed' } });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/still crosses the threshold/);
    expect((await t.api('POST', '/api/v1/tickets/VGL-9/acknowledge', { token: approver, json: {} })).status).toBe(404);

    const audit = await db.query(`SELECT action FROM audit_log WHERE entity_type = 'governance_ticket' ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'governance_ticket.opened',
      'governance_ticket.escalated',
      'governance_ticket.acknowledged',
    ]);
  });

  it('closes the same ticket only after two recovered windows (hysteresis), then the cool-down holds', async () => {
    await postWindow('site-a', 4, false, 104);
    await postWindow('site-b', 4, false, 204);
    await postWindow('site-a', 5, false, 105);
    await postWindow('site-b', 5, false, 205);
    const T3 = new Date(win(6) + 31 * MIN);
    await replicas[0].evaluator.runOnce(T3);
    const all = await tickets();
    expect(all).toEqual([expect.objectContaining({ number: 1, status: 'closed' })]);
    const kinds = await db.query(`SELECT kind FROM governance_ticket_event ORDER BY seq`);
    expect(kinds.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'updated',
      'escalated',
      'acknowledged',
      'updated',
      'closed',
    ]);
    const [incident] = await db.query(
      `SELECT status, ticket_id, next_deadline FROM drift_incident WHERE site = 'site-b' AND signal = 'input_psi'`,
    );
    expect(incident.status).toBe('cooling_down');
    expect(incident.ticket_id).toBeNull();
    expect(incident.next_deadline).not.toBeNull();
    // No ticket for prediction drift anywhere, none at the stable site.
    expect(all.filter((x: { site: string }) => x.site === 'site-a')).toEqual([]);
  });
});
