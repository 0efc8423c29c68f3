import type { FeatureDrift } from '@vigil/drift';
import { Counter, Histogram, type OpenMetricsContentType, Registry } from 'prom-client';
import { DRIFT_METRIC_FAMILIES, OTHER_FEATURES } from './drift-metric-families';
import { DriftMetricsExporter } from './drift-metrics.exporter';
import type { StreamSnapshot } from './stream-snapshot';
import { checkExposition, type ExpositionCheck, type ExpositionSample } from './testing/exposition-checker';
import { findPromtool, runPromtool } from './testing/promtool';
import { categoricalFeature, numericFeature, streamSnapshot, windowReport } from './testing/window-report.builder';

const F = DRIFT_METRIC_FAMILIES;

function exporterOn(topFeatures?: number) {
  const registry = new Registry();
  return { registry, exporter: new DriftMetricsExporter({ registry, topFeatures }) };
}

/**
 * The exporter's /metrics text, read back. Also asserts that it came from the kept text (the fast path), not from
 * the fallback to `registry.metrics()`: otherwise a mistake in the kept text would hide behind the fallback.
 */
async function scrape(exporter: DriftMetricsExporter, registry: Registry): Promise<ExpositionCheck & { text: string }> {
  const fallback = jest.spyOn(registry, 'metrics');
  const text = await exporter.metrics();
  expect(fallback).not.toHaveBeenCalled();
  fallback.mockRestore();
  return { text, ...checkExposition(text) };
}

function samples(check: ExpositionCheck, name: string, where: Record<string, string> = {}): ExpositionSample[] {
  return check.samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample with exactly these labels, or undefined when there is none. */
function valueOf(check: ExpositionCheck, name: string, labels: Record<string, string>): number | undefined {
  const found = check.samples.filter(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

const streamOf = (s: StreamSnapshot) => ({ model: s.model, version: String(s.version), site: s.site });

/** 50 features (45 numeric, 5 categorical); PSI, missing-share rise and unseen ratio distinct within a stream. */
function manyFeatures(seed: number): FeatureDrift[] {
  return Array.from({ length: 50 }, (_, i) => {
    const psi = Math.round(((i * 37 + seed * 11) % 50) * 0.013 * 1e6) / 1e6;
    const missingRateChange = ((i * 7 + seed) % 50) / 10_000 - 0.001;
    return i % 10 === 9
      ? categoricalFeature(`cat_${i}`, { psi, missingRateChange, unseenRate: ((i * 3 + seed) % 7) / 100 })
      : numericFeature(`num_${i}`, { psi, missingRateChange, ks: ((i * 13 + seed) % 41) / 100 });
  });
}

const maxOf = (xs: (number | null)[]) =>
  xs.reduce<number | null>((m, x) => (x === null ? m : m === null || x > m ? x : m), null);

describe('DriftMetricsExporter', () => {
  it('exports every value of each stream’s report under its model, version and site', async () => {
    const { exporter, registry } = exporterOn();
    const a = streamSnapshot();
    const b = streamSnapshot({
      model: 'aki-risk',
      version: 1,
      site: 'haukeland',
      windowStart: new Date('2026-11-21T00:00:00Z'),
      windowEnd: new Date('2026-11-22T00:00:00Z'),
      report: windowReport({
        events: 48_211,
        prediction: { psi: 0.31, jsDistance: 0.2 },
        performance: { auroc: 0.71, sensitivity: 0.52, ppv: 0.3, ece: 0.08, labelled: 20_000, labelCoverage: 0.415 },
        feedback: { responses: 90, overrideRate: 0.6, acceptanceRate: 0.25 },
      }),
      referencePerformance: { auroc: 0.84, sensitivity: 0.7, ppv: 0.41 },
    });
    exporter.setStreams([a, b]);
    const check = await scrape(exporter, registry);
    expect(check.problems).toEqual([]);

    for (const s of [a, b]) {
      const labels = streamOf(s);
      const { report } = s;
      expect(valueOf(check, F.windowEvents.name, labels)).toBe(report.events);
      expect(valueOf(check, F.windowStart.name, labels)).toBe(s.windowStart.getTime() / 1000);
      expect(valueOf(check, F.windowEnd.name, labels)).toBe(s.windowEnd.getTime() / 1000);
      expect(valueOf(check, F.predictionPsi.name, labels)).toBe(report.prediction?.psi);
      expect(valueOf(check, F.auroc.name, labels)).toBe(report.performance.auroc);
      expect(valueOf(check, F.sensitivity.name, labels)).toBe(report.performance.sensitivity);
      expect(valueOf(check, F.ppv.name, labels)).toBe(report.performance.ppv);
      expect(valueOf(check, F.ece.name, labels)).toBe(report.performance.ece);
      expect(valueOf(check, F.labelled.name, labels)).toBe(report.performance.labelled);
      expect(valueOf(check, F.labelCoverage.name, labels)).toBe(report.performance.labelCoverage);
      expect(valueOf(check, F.referenceAuroc.name, labels)).toBe(s.referencePerformance?.auroc);
      expect(valueOf(check, F.referenceSensitivity.name, labels)).toBe(s.referencePerformance?.sensitivity);
      expect(valueOf(check, F.referencePpv.name, labels)).toBe(s.referencePerformance?.ppv);
      expect(valueOf(check, F.feedbackResponses.name, labels)).toBe(report.feedback.responses);
      expect(valueOf(check, F.override.name, labels)).toBe(report.feedback.overrideRate);
      expect(valueOf(check, F.acceptance.name, labels)).toBe(report.feedback.acceptanceRate);
      for (const f of report.features) {
        const fl = { ...labels, feature: f.feature };
        expect(valueOf(check, F.psi.name, fl)).toBe(f.psi);
        expect(valueOf(check, F.missingChange.name, fl)).toBe(f.missingRateChange);
        expect(valueOf(check, F.ks.name, fl)).toBe(f.kind === 'numeric' ? f.ks : undefined);
        expect(valueOf(check, F.unseenCategories.name, fl)).toBe(f.kind === 'categorical' ? f.unseenRate : undefined);
      }
      // Two features, both named: no summary series.
      expect(samples(check, F.psi.name, { ...labels, feature: OTHER_FEATURES })).toEqual([]);
      expect(valueOf(check, F.features.name, { ...labels, psi_band: 'stable' })).toBe(2);
      for (const band of ['moderate', 'major', 'none']) {
        expect(valueOf(check, F.features.name, { ...labels, psi_band: band })).toBe(0);
      }
    }
    // Every family is there once, with its help text, and every sample belongs to a stream given.
    for (const family of Object.values(F)) {
      expect(check.families.get(family.name)?.help).toBe(family.help);
      expect(check.families.get(family.name)?.type).toBe('gauge');
    }
    expect(samples(check, F.windowEvents.name)).toHaveLength(2);
  });

  it('bounds the feature series: top N named plus one _other series holding the largest of the rest', async () => {
    const { exporter, registry } = exporterOn(10);
    const streams = [1, 2, 3].map((seed) =>
      streamSnapshot({ site: `site-${seed}`, report: windowReport({ features: manyFeatures(seed) }) }),
    );
    exporter.setStreams(streams);
    const check = await scrape(exporter, registry);
    expect(check.problems).toEqual([]);

    for (const s of streams) {
      const labels = streamOf(s);
      const features = s.report.features;
      const psiSeries = samples(check, F.psi.name, labels);
      expect(psiSeries).toHaveLength(11);
      const named = psiSeries.map((x) => x.labels.feature).filter((f) => f !== OTHER_FEATURES);
      expect(named).toHaveLength(10);

      // The highest PSI, the largest missing-share rise and the largest unseen ratio are named; the other
      // slots go to the next highest PSI.
      const byPsi = [...features].sort((x, y) => (y.psi as number) - (x.psi as number));
      const worstMissing = [...features].sort((x, y) => (y.missingRateChange ?? 0) - (x.missingRateChange ?? 0))[0];
      const worstUnseen = features
        .filter((f) => f.kind === 'categorical')
        .sort((x, y) => (y.unseenRate ?? 0) - (x.unseenRate ?? 0))[0];
      const expected = new Set([byPsi[0].feature, worstMissing.feature, worstUnseen.feature]);
      for (const f of byPsi) if (expected.size < 10) expected.add(f.feature);
      expect(new Set(named)).toEqual(expected);
      // Named series are ordered by PSI, highest first.
      const namedPsi = psiSeries.filter((x) => x.labels.feature !== OTHER_FEATURES).map((x) => x.value);
      expect(namedPsi).toEqual([...namedPsi].sort((x, y) => y - x));

      const rest = features.filter((f) => !expected.has(f.feature));
      const other = { ...labels, feature: OTHER_FEATURES };
      expect(valueOf(check, F.psi.name, other)).toBe(maxOf(rest.map((f) => f.psi)));
      expect(valueOf(check, F.missingChange.name, other)).toBe(maxOf(rest.map((f) => f.missingRateChange)));
      expect(valueOf(check, F.ks.name, other)).toBe(maxOf(rest.map((f) => (f.kind === 'numeric' ? f.ks : null))));
      expect(valueOf(check, F.unseenCategories.name, other)).toBe(
        maxOf(rest.map((f) => (f.kind === 'categorical' ? f.unseenRate : null))),
      );
      // So the maximum over a stream's series is the worst feature overall, whichever feature that is.
      for (const [family, value] of [
        [F.psi.name, (f: FeatureDrift) => f.psi],
        [F.missingChange.name, (f: FeatureDrift) => f.missingRateChange],
        [F.ks.name, (f: FeatureDrift) => (f.kind === 'numeric' ? f.ks : null)],
        [F.unseenCategories.name, (f: FeatureDrift) => (f.kind === 'categorical' ? f.unseenRate : null)],
      ] as const) {
        const series = samples(check, family, labels);
        expect(series.length).toBeLessThanOrEqual(11);
        expect(Math.max(...series.map((x) => x.value))).toBe(maxOf(features.map(value)));
      }
      // The band counts cover all 50 features.
      const bands = samples(check, F.features.name, labels);
      expect(bands.reduce((n, x) => n + x.value, 0)).toBe(50);
      expect(valueOf(check, F.features.name, { ...labels, psi_band: 'major' })).toBe(
        features.filter((f) => (f.psi as number) > 0.25).length,
      );
    }
    for (const family of [F.psi, F.ks, F.missingChange, F.unseenCategories]) {
      expect(samples(check, family.name).length).toBeLessThanOrEqual(3 * 11);
    }
  });

  it('with topFeatures 0 exports only the summary, and never names a feature called _other or ""', async () => {
    const { exporter, registry } = exporterOn(0);
    exporter.setStreams([streamSnapshot()]);
    let check = await scrape(exporter, registry);
    expect(samples(check, F.psi.name).map((s) => s.labels.feature)).toEqual([OTHER_FEATURES]);

    const { exporter: other, registry: otherRegistry } = exporterOn(5);
    other.setStreams([
      streamSnapshot({
        report: windowReport({
          features: [
            numericFeature(OTHER_FEATURES, { psi: 0.9 }),
            numericFeature('', { psi: 0.8 }),
            numericFeature('age', { psi: 0.1 }),
          ],
        }),
      }),
    ]);
    check = await scrape(other, otherRegistry);
    expect(samples(check, F.psi.name).map((s) => [s.labels.feature, s.value])).toEqual([
      ['age', 0.1],
      [OTHER_FEATURES, 0.9],
    ]);
  });

  it('leaves a series out when its value is null or not a finite number: no NaN is ever exported', async () => {
    const { exporter, registry } = exporterOn();
    const s = streamSnapshot({
      report: windowReport({
        events: 0,
        prediction: null,
        features: [
          numericFeature('lactate', { psi: null, ks: null, missingRateChange: null, missingShare: null }),
          numericFeature('heart_rate', { psi: Number.NaN, ks: Number.POSITIVE_INFINITY }),
          categoricalFeature('sex', { psi: 0.3, unseenRate: null }),
        ],
        performance: {
          labelled: 0,
          labelCoverage: null,
          auroc: null,
          sensitivity: null,
          ppv: null,
          ece: null,
        },
        feedback: { responses: 0, overrideRate: null, acceptanceRate: null },
      }),
      referencePerformance: null,
    });
    exporter.setStreams([s]);
    const check = await scrape(exporter, registry);
    expect(check.problems).toEqual([]);
    expect(check.text).not.toMatch(/\bNaN\b|\bNan\b|Inf\b/);
    expect(check.samples.every((x) => Number.isFinite(x.value))).toBe(true);
    for (const absent of [
      F.predictionPsi,
      F.auroc,
      F.sensitivity,
      F.ppv,
      F.ece,
      F.labelCoverage,
      F.referenceAuroc,
      F.referenceSensitivity,
      F.referencePpv,
      F.override,
      F.acceptance,
      F.unseenCategories,
    ]) {
      expect(samples(check, absent.name)).toEqual([]);
    }
    // Counts of nothing are 0, not absent.
    expect(valueOf(check, F.windowEvents.name, streamOf(s))).toBe(0);
    expect(valueOf(check, F.labelled.name, streamOf(s))).toBe(0);
    expect(valueOf(check, F.feedbackResponses.name, streamOf(s))).toBe(0);
    expect(samples(check, F.psi.name).map((x) => [x.labels.feature, x.value])).toEqual([['sex', 0.3]]);
    expect(samples(check, F.ks.name)).toEqual([]);
    expect(
      samples(check, F.missingChange.name)
        .map((x) => x.labels.feature)
        .sort(),
    ).toEqual(['heart_rate', 'sex']);
    expect(valueOf(check, F.features.name, { ...streamOf(s), psi_band: 'none' })).toBe(2);
    expect(valueOf(check, F.features.name, { ...streamOf(s), psi_band: 'major' })).toBe(1);
  });

  it('removes the series of a stream that is no longer given', async () => {
    const { exporter, registry } = exporterOn();
    const a = streamSnapshot({ site: 'site-a', report: windowReport({ features: manyFeatures(1) }) });
    const b = streamSnapshot({ site: 'site-b' });
    exporter.setStreams([a, b]);
    let check = await scrape(exporter, registry);
    expect(check.samples.filter((x) => x.labels.site === 'site-a').length).toBeGreaterThan(40);

    exporter.setStreams([b]);
    check = await scrape(exporter, registry);
    expect(check.samples.filter((x) => x.labels.site === 'site-a')).toEqual([]);
    expect(check.samples.filter((x) => x.labels.site === 'site-b').length).toBeGreaterThan(20);
    expect(await registry.metrics()).toBe(check.text);

    exporter.setStreams([]);
    check = await scrape(exporter, registry);
    expect(check.samples).toEqual([]);
    expect(check.families.size).toBe(Object.keys(F).length);
  });

  it('escapes backslashes, double quotes and line feeds in label values', async () => {
    const { exporter, registry } = exporterOn();
    const model = 'sepsis "v2"';
    const site = 'ward\\east\nwing';
    const feature = 'lab "x"\\y\nz';
    exporter.setStreams([
      streamSnapshot({ model, site, report: windowReport({ features: [numericFeature(feature, { psi: 0.4 })] }) }),
    ]);
    exporter.setTicketCounts([{ model, site, signal: 'input_psi', severity: 'high', open: 1 }]);
    const check = await scrape(exporter, registry);
    expect(check.problems).toEqual([]);
    expect(check.text).toContain(
      'vigil_drift_psi{model="sepsis \\"v2\\"",version="3",site="ward\\\\east\\nwing",feature="lab \\"x\\"\\\\y\\nz"} 0.4',
    );
    expect(valueOf(check, F.psi.name, { model, version: '3', site, feature })).toBe(0.4);
    expect(valueOf(check, F.ticketsOpen.name, { model, site, signal: 'input_psi', severity: 'high' })).toBe(1);
    // prom-client's own rendering of the same gauges agrees character for character.
    expect(await registry.metrics()).toBe(check.text);
  });

  it('serves exactly what registry.metrics() renders, with the app’s own metrics around its families', async () => {
    const registry = new Registry();
    const ingested = new Counter({
      name: 'vigil_events_ingested_total',
      help: 'Events stored.',
      labelNames: ['model', 'site'],
      registers: [registry],
    });
    ingested.inc({ model: 'sepsis-ews', site: 'st-olav' }, 1234);
    const exporter = new DriftMetricsExporter({ registry, topFeatures: 4 });
    const latency = new Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'Request time.',
      labelNames: ['route'],
      buckets: [0.01, 0.1],
      registers: [registry],
    });
    latency.observe({ route: '/metrics' }, 0.02);

    expect((await scrape(exporter, registry)).text).toBe(await registry.metrics());
    exporter.setStreams(
      [1, 2, 3, 4].map((i) => streamSnapshot({ version: i, report: windowReport({ features: manyFeatures(i) }) })),
    );
    exporter.setTicketCounts([
      { model: 'sepsis-ews', site: 'st-olav', signal: 'input_psi', severity: 'high', open: 2 },
      { model: 'sepsis-ews', site: 'st-olav', signal: 'auroc_drop', severity: 'critical', open: 1 },
    ]);
    const check = await scrape(exporter, registry);
    expect(check.text).toBe(await registry.metrics());
    expect(check.problems).toEqual([]);
    expect(valueOf(check, 'vigil_events_ingested_total', { model: 'sepsis-ews', site: 'st-olav' })).toBe(1234);
    expect(samples(check, 'vigil_http_request_duration_seconds_count')).toHaveLength(1);
    expect(samples(check, F.psi.name)).toHaveLength(4 * 5);
  });

  it('falls back to prom-client’s rendering when the registry adds default labels or speaks OpenMetrics', async () => {
    const { exporter, registry } = exporterOn();
    exporter.setStreams([streamSnapshot()]);
    exporter.setTicketCounts([{ model: 'm', site: 's', signal: 'input_psi', severity: 'low', open: 1 }]);
    registry.setDefaultLabels({ replica: 'monitor-0' });
    const fallback = jest.spyOn(registry, 'metrics');
    let text = await exporter.metrics();
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(text).toBe(await registry.metrics());
    const check = checkExposition(text);
    expect(check.problems).toEqual([]);
    expect(samples(check, F.psi.name).every((s) => s.labels.replica === 'monitor-0')).toBe(true);

    // prom-client's typings declare no constructor argument; the content type is switched after creation.
    const open = new Registry() as unknown as Registry<OpenMetricsContentType>;
    open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const openExporter = new DriftMetricsExporter({ registry: open });
    openExporter.setStreams([streamSnapshot()]);
    text = await openExporter.metrics();
    expect(text).toBe(await open.metrics());
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(openExporter.contentType).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
  });

  it('refuses a registry that already has its metric names, and a topFeatures that is not a whole number ≥ 0', () => {
    const registry = new Registry();
    new DriftMetricsExporter({ registry });
    expect(() => new DriftMetricsExporter({ registry })).toThrow(/already has metrics named vigil_drift_window_events/);
    expect(() => exporterOn(-1)).toThrow(/topFeatures must be a whole number/);
    expect(() => exporterOn(2.5)).toThrow(/topFeatures must be a whole number/);
  });

  it('refuses malformed or duplicate snapshots as a whole, keeping the previous series', async () => {
    const { exporter } = exporterOn();
    exporter.setStreams([streamSnapshot()]);
    const before = await exporter.metrics();
    const bad: [Partial<StreamSnapshot>[], RegExp][] = [
      [[{ site: 'a' }, { site: 'a' }], /Two snapshots for the stream model "sepsis-ews" version 3 site "a"/],
      [[{ version: 0 }], /version must be a positive whole number/],
      [[{ model: '' }], /has no model name/],
      [[{ site: '' }], /has no site/],
      [[{ windowEnd: new Date('2026-11-22T10:00:00Z') }], /start is a valid date before its end/],
      [[{ windowStart: new Date('nonsense') }], /start is a valid date before its end/],
      [
        [{ report: windowReport({ features: [numericFeature('age'), numericFeature('age')] }) }],
        /lists the feature "age" twice/,
      ],
    ];
    for (const [overrides, message] of bad) {
      expect(() => exporter.setStreams([streamSnapshot({ site: 'ok' }), ...overrides.map(streamSnapshot)])).toThrow(
        message,
      );
      expect(await exporter.metrics()).toBe(before);
    }
  });

  it('replaces the open-ticket series with each call; the same key given twice adds up', async () => {
    const { exporter, registry } = exporterOn();
    exporter.setTicketCounts([
      { model: 'sepsis-ews', site: 'st-olav', signal: 'input_psi', severity: 'high', open: 1 },
      { model: 'sepsis-ews', site: 'st-olav', signal: 'input_psi', severity: 'high', open: 2 },
      { model: 'aki-risk', site: 'haukeland', signal: 'auroc_drop', severity: 'critical', open: 0 },
    ]);
    let check = await scrape(exporter, registry);
    expect(check.problems).toEqual([]);
    expect(samples(check, F.ticketsOpen.name).map((s) => [s.labels.model, s.labels.signal, s.value])).toEqual([
      ['aki-risk', 'auroc_drop', 0],
      ['sepsis-ews', 'input_psi', 3],
    ]);
    exporter.setTicketCounts([{ model: 'aki-risk', site: 'haukeland', signal: 'ppv_drop', severity: 'low', open: 1 }]);
    check = await scrape(exporter, registry);
    expect(samples(check, F.ticketsOpen.name).map((s) => s.labels.signal)).toEqual(['ppv_drop']);
    expect(() => exporter.setTicketCounts([{ model: 'm', site: 's', signal: 'x', severity: 'low', open: -1 }])).toThrow(
      /whole number, 0 or more/,
    );
    expect(() => exporter.setTicketCounts([{ model: 'm', site: '', signal: 'x', severity: 'low', open: 1 }])).toThrow(
      /has no site/,
    );
  });

  it('writes an exposition that passes the format checks, and promtool check metrics where promtool is installed', async () => {
    const registry = new Registry();
    new Counter({ name: 'vigil_events_ingested_total', help: 'Events stored.', registers: [registry] }).inc(5);
    const exporter = new DriftMetricsExporter({ registry });
    exporter.setStreams([
      ...[1, 2, 3].map((i) =>
        streamSnapshot({ site: `site-${i}`, report: windowReport({ features: manyFeatures(i) }) }),
      ),
      streamSnapshot({
        model: 'odd "model"\\name',
        site: 'ward\nb',
        report: windowReport({ features: [numericFeature('x "1"', { psi: null }), categoricalFeature('y\\z')] }),
      }),
    ]);
    exporter.setTicketCounts([{ model: 'sepsis-ews', site: 'site-1', signal: 'input_psi', severity: 'high', open: 1 }]);
    const check = await scrape(exporter, registry);
    const { text } = check;
    expect(check.problems).toEqual([]);
    expect(check.samples.length).toBeGreaterThan(150);

    const promtool = findPromtool();
    if (promtool === null) {
      console.info('promtool is not on PATH: the exposition was checked by the spec’s own reader only');
      return;
    }
    const run = runPromtool(['check', 'metrics'], text);
    console.info(`${promtool.version}: check metrics ran on ${check.samples.length} samples, no problem`);
    expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });
});
