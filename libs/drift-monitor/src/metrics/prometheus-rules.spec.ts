import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Counter, Registry } from 'prom-client';
import { parse, stringify } from 'yaml';
import { DRIFT_METRIC_FAMILIES } from './drift-metric-families';
import { DriftMetricsExporter } from './drift-metrics.exporter';
import type { StreamSnapshot } from './stream-snapshot';
import { checkExposition } from './testing/exposition-checker';
import { findPromtool, runPromtool } from './testing/promtool';
import { categoricalFeature, numericFeature, streamSnapshot, windowReport } from './testing/window-report.builder';

// docs/examples/prometheus-rules.yaml must stay valid, refer only to metrics that exist, and (where promtool is
// installed) fire exactly the alerts it promises on the exporter's own output.

const RULES_FILE = resolve(__dirname, '../../../../docs/examples/prometheus-rules.yaml');
/** Metrics the drift monitor app registers itself (apps/drift-monitor/src/metrics/monitor-metrics.ts). */
const APP_METRICS = ['vigil_events_ingested_total', 'vigil_events_duplicate_total'];

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);
const alerts = rules.filter((r) => r.alert !== undefined);

/** Hours since the Unix epoch: promtool's unit tests start their clock at 0. */
const at = (hours: number) => new Date(hours * 3_600_000);

const drifting = streamSnapshot({
  model: 'sepsis-ews',
  version: 3,
  site: 'st-olav',
  windowStart: at(3.5),
  windowEnd: at(4.5),
  report: windowReport({
    events: 2000,
    features: [
      numericFeature('lactate', { psi: 0.41 }),
      numericFeature('heart_rate', { psi: 0.05, missingRateChange: 0.3 }),
      categoricalFeature('admission_source', { psi: 0.12, unseenRate: 0.1 }),
      ...Array.from({ length: 20 }, (_, i) => numericFeature(`lab_${i}`, { psi: 0.01 + i / 1000 })),
    ],
    prediction: { psi: 0.3, jsDistance: 0.2 },
    performance: { auroc: 0.7, labelled: 500, ece: 0.15 },
    feedback: { responses: 50, overrideRate: 0.6, acceptanceRate: 0.2 },
  }),
  referencePerformance: { auroc: 0.86, sensitivity: 0.75, ppv: 0.47 },
});
const stable = streamSnapshot({
  model: 'sepsis-ews',
  version: 3,
  site: 'haukeland',
  windowStart: at(3),
  windowEnd: at(4),
});
// Its feed stopped: the latest window ended at 01:00 and nothing was evaluated since.
const silent = streamSnapshot({ model: 'aki-risk', version: 1, site: 'tromso', windowStart: at(0), windowEnd: at(1) });

/** Which streams each alert fires for at 05:00, and the labels it carries besides the rule's own. */
const EXPECTED: Record<string, Record<string, string>[]> = {
  VigilInputDriftMajor: [streamLabels(drifting)],
  VigilMissingValuesRising: [streamLabels(drifting)],
  VigilUnseenCategories: [streamLabels(drifting)],
  VigilPredictionDrift: [streamLabels(drifting)],
  VigilAurocDrop: [streamLabels(drifting)],
  VigilCalibrationPoor: [streamLabels(drifting)],
  VigilOverridesHigh: [streamLabels(drifting)],
  VigilAcceptanceLow: [streamLabels(drifting)],
  VigilDriftEvaluationStale: [streamLabels(silent)],
  VigilEventsStopped: [{ model: 'aki-risk', site: 'tromso' }],
  VigilCriticalTicketOpen: [{ model: 'sepsis-ews', site: 'st-olav', signal: 'auroc_drop' }],
};

function streamLabels(s: StreamSnapshot): Record<string, string> {
  return { model: s.model, version: String(s.version), site: s.site };
}

/** An annotation as Prometheus fills it: these rules use only `{{ $labels.name }}`. */
function fill(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

describe('docs/examples/prometheus-rules.yaml', () => {
  it('has well-formed rules that refer only to metrics the monitor exports', () => {
    const known = new Set([...Object.values(DRIFT_METRIC_FAMILIES).map((f) => f.name), ...APP_METRICS]);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(typeof rule.expr).toBe('string');
      const used = rule.expr.match(/\bvigil_[a-z0-9_]+\b/g) ?? [];
      expect(used.length).toBeGreaterThan(0);
      expect({ rule: rule.alert ?? rule.record, unknown: used.filter((m) => !known.has(m)) }).toEqual({
        rule: rule.alert ?? rule.record,
        unknown: [],
      });
      if (rule.record !== undefined) expect(rule.record).toMatch(/^vigil:[a-z0-9_]+:[a-z0-9_]+$/);
    }
    for (const alert of alerts) {
      expect(alert.for).toMatch(/^\d+[mh]$/);
      expect(['warning', 'critical']).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary).toBeTruthy();
      expect(alert.annotations?.description).toBeTruthy();
      // Only labels in the templates: the unit test below states every annotation exactly.
      for (const text of Object.values(alert.annotations ?? {})) expect(text).not.toMatch(/\$value|\|/);
    }
    expect(Object.keys(EXPECTED).sort()).toEqual(alerts.map((a) => a.alert).sort());
  });

  it('passes promtool check rules, and its unit test on the exporter’s own series, where promtool is installed', async () => {
    const promtool = findPromtool();
    if (promtool === null) {
      console.info('promtool is not on PATH: the rules were checked by the spec’s own reading only');
      return;
    }
    const check = runPromtool(['check', 'rules', RULES_FILE]);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));

    // The exporter's exposition for three streams and two tickets, held constant for 6 hours of test time.
    const registry = new Registry();
    const exporter = new DriftMetricsExporter({ registry });
    exporter.setStreams([drifting, stable, silent]);
    exporter.setTicketCounts([
      { model: 'sepsis-ews', site: 'st-olav', signal: 'auroc_drop', severity: 'critical', open: 1 },
      { model: 'sepsis-ews', site: 'haukeland', signal: 'input_psi', severity: 'high', open: 1 },
    ]);
    const exposition = checkExposition(await exporter.metrics());
    expect(exposition.problems).toEqual([]);
    const series = exposition.samples.map((s) => ({
      series: `${s.name}{${Object.entries(s.labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}}`,
      values: `${s.value}+0x360`,
    }));
    // The app's ingestion counter: growing at the two live sites, flat at the silent one.
    new Counter({ name: APP_METRICS[0], help: '-', registers: [registry] });
    for (const s of [drifting, stable, silent]) {
      series.push({
        series: `${APP_METRICS[0]}{model="${s.model}",site="${s.site}",kind="events"}`,
        values: s === silent ? '5000+0x360' : '0+100x360',
      });
    }

    const test = {
      rule_files: [RULES_FILE],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: series,
          alert_rule_test: alerts.map((a) => ({
            eval_time: '5h',
            alertname: a.alert,
            exp_alerts: EXPECTED[a.alert as string].map((labels) => ({
              exp_labels: { ...labels, ...a.labels },
              exp_annotations: Object.fromEntries(
                Object.entries(a.annotations ?? {}).map(([k, v]) => [k, fill(v, labels)]),
              ),
            })),
          })),
          promql_expr_test: [
            {
              expr: 'vigil:drift_psi:max_by_stream',
              eval_time: '5h',
              exp_samples: [drifting, stable, silent].map((s) => ({
                labels: `vigil:drift_psi:max_by_stream{model="${s.model}",version="${s.version}",site="${s.site}"}`,
                value: Math.max(...s.report.features.map((f) => f.psi ?? -Infinity)),
              })),
            },
          ],
        },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    try {
      const file = join(dir, 'prometheus-rules.test.yaml');
      writeFileSync(file, stringify(test));
      const run = runPromtool(['test', 'rules', file]);
      expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toMatchObject({ status: 0 });
      console.info(`${promtool.version}: check rules and test rules passed (${alerts.length} alerts)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
