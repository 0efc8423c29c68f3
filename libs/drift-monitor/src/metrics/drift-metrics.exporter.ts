import { Registry, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import { DRIFT_METRIC_FAMILIES, type DriftMetricKey, OTHER_FEATURES } from './drift-metric-families';
import { type ExportedPsiBand, type FeatureSeriesValues, finite, selectExportedFeatures } from './exported-features';
import { formatLabels, formatValue, gaugeFamilyText } from './exposition-text';
import { type GaugeSample, SnapshotGauge } from './snapshot-gauge';
import type { StreamSnapshot, TicketCount } from './stream-snapshot';

export const DEFAULT_TOP_FEATURES = 10;

export interface DriftMetricsExporterOptions {
  /** The registry /metrics serves; the exporter registers its gauges there. */
  registry: Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;
  /** Features per stream with a `feature` series of their own; the rest share the `_other` series. Default 10. */
  topFeatures?: number;
}

/** Label values in the family's label-name order, and the value. */
interface Sample {
  labels: string[];
  value: number;
}

interface Family {
  name: string;
  help: string;
  labelNames: readonly string[];
  gauge: SnapshotGauge;
  /** The family as `registry.metrics()` renders it, kept from the last update, and its number of samples. */
  text: string;
  samples: number;
}

const BANDS: readonly ExportedPsiBand[] = ['stable', 'moderate', 'major', 'none'];
const FEATURE_FAMILIES = [
  ['psi', (v: FeatureSeriesValues) => v.psi],
  ['ks', (v: FeatureSeriesValues) => v.ks],
  ['missingChange', (v: FeatureSeriesValues) => v.missingRatioChange],
  ['unseenCategories', (v: FeatureSeriesValues) => v.unseenCategoryRatio],
] as const;

/**
 * The drift monitor's Prometheus series (docs/drift-metrics.md), fed with plain data: the latest window report of
 * every watched stream and the open-ticket counts. Each update replaces the series it covers wholesale, so a
 * stream left out disappears, and a value that is null is simply absent (never NaN).
 *
 * The series are kept twice: as prom-client gauges in the registry, so `registry.metrics()` (and anything else
 * reading the registry) sees them; and as text rendered once per update, which `metrics()` serves without
 * formatting 10,000 samples on every scrape (measured in tools/bench/metrics-scrape.bench.ts; see
 * docs/drift-metrics.md).
 */
export class DriftMetricsExporter {
  private readonly registry: DriftMetricsExporterOptions['registry'];
  private readonly topFeatures: number;
  private readonly families: Record<DriftMetricKey, Family>;

  constructor(options: DriftMetricsExporterOptions) {
    const topFeatures = options.topFeatures ?? DEFAULT_TOP_FEATURES;
    if (!Number.isInteger(topFeatures) || topFeatures < 0) {
      throw new RangeError(`topFeatures must be a whole number of features, 0 or more (got ${String(topFeatures)}).`);
    }
    this.registry = options.registry;
    this.topFeatures = topFeatures;
    const taken = Object.values(DRIFT_METRIC_FAMILIES)
      .map((f) => f.name)
      .filter((name) => this.registry.getSingleMetric(name) !== undefined);
    if (taken.length > 0) {
      throw new Error(
        `The registry already has metrics named ${taken.join(', ')}; the drift exporter writes those itself ` +
          '(create one exporter per registry).',
      );
    }
    const families = {} as Record<DriftMetricKey, Family>;
    for (const key of Object.keys(DRIFT_METRIC_FAMILIES) as DriftMetricKey[]) {
      const { name, help, labelNames } = DRIFT_METRIC_FAMILIES[key];
      const gauge = new SnapshotGauge({ name, help, labelNames: [...labelNames], registers: [this.registry] });
      families[key] = { name, help, labelNames, gauge, text: gaugeFamilyText(name, help, []), samples: 0 };
    }
    this.families = families;
  }

  /** The content type to answer /metrics with: the registry's. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * Replaces every per-stream series with those of these snapshots. Refused as a whole (nothing changes) when a
   * stream appears twice, a snapshot's identity or window is malformed, or a report lists a feature twice.
   */
  setStreams(snapshots: readonly StreamSnapshot[]): void {
    const checked = [...snapshots].sort(compareStreams);
    for (let i = 0; i < checked.length; i++) {
      checkSnapshot(checked[i]);
      if (i > 0 && compareStreams(checked[i - 1], checked[i]) === 0) {
        const { model, version, site } = checked[i];
        throw new TypeError(`Two snapshots for the stream model "${model}" version ${version} site "${site}".`);
      }
    }
    const samples = {} as Record<DriftMetricKey, Sample[]>;
    for (const key of Object.keys(this.families) as DriftMetricKey[]) {
      if (key !== 'ticketsOpen') samples[key] = [];
    }
    for (const snapshot of checked) this.streamSamples(snapshot, samples);
    for (const key of Object.keys(samples) as DriftMetricKey[]) this.replace(this.families[key], samples[key]);
  }

  /** Replaces the open-ticket series: one per (model, site, signal, severity) given; counts given twice add up. */
  setTicketCounts(counts: readonly TicketCount[]): void {
    const totals = new Map<string, Sample>();
    for (const c of counts) {
      for (const label of ['model', 'site', 'signal', 'severity'] as const) {
        if (typeof c[label] !== 'string' || c[label] === '') {
          throw new TypeError(`A ticket count has no ${label}: ${JSON.stringify(c)}.`);
        }
      }
      if (!Number.isInteger(c.open) || c.open < 0) {
        throw new TypeError(`A ticket count must be a whole number, 0 or more: ${JSON.stringify(c)}.`);
      }
      const labels = [c.model, c.site, c.signal, c.severity];
      const key = labels.join('\u0000');
      const seen = totals.get(key);
      if (seen) seen.value += c.open;
      else totals.set(key, { labels, value: c.open });
    }
    const samples = [...totals.values()].sort((a, b) => compareLabels(a.labels, b.labels));
    this.replace(this.families.ticketsOpen, samples);
  }

  /**
   * What /metrics serves: the same text as `registry.metrics()`, with this exporter's families taken from their
   * last rendering instead of being formatted again. Falls back to `registry.metrics()` itself for an OpenMetrics
   * registry, or when a probe family rendered by prom-client differs from the kept text (for example after
   * `registry.setDefaultLabels`, which the kept text does not carry).
   */
  async metrics(): Promise<string> {
    const registry = this.registry;
    if (registry.contentType !== Registry.PROMETHEUS_CONTENT_TYPE) return registry.metrics();
    const kept = new Map<unknown, string>();
    for (const family of Object.values(this.families)) kept.set(family.gauge, family.text);
    const probe = [this.families.windowEnd, this.families.ticketsOpen].find(
      (f) => f.samples > 0 && registry.getSingleMetric(f.name) === f.gauge,
    );
    if (probe !== undefined && (await registry.getSingleMetricAsString(probe.name)) !== kept.get(probe.gauge)) {
      return registry.metrics();
    }
    const parts = await Promise.all(
      registry.getMetricsAsArray().map(async (m) => kept.get(m) ?? registry.getSingleMetricAsString(m.name)),
    );
    return `${parts.join('\n\n')}\n`;
  }

  private streamSamples(s: StreamSnapshot, out: Record<DriftMetricKey, Sample[]>): void {
    const stream = [s.model, String(s.version), s.site];
    const put = (key: DriftMetricKey, value: number | null | undefined, extra?: string) => {
      const v = finite(value);
      if (v !== null) out[key].push({ labels: extra === undefined ? stream : [...stream, extra], value: v });
    };
    const { report } = s;
    put('windowEvents', report.events);
    put('windowStart', s.windowStart.getTime() / 1000);
    put('windowEnd', s.windowEnd.getTime() / 1000);

    const features = selectExportedFeatures(report.features, this.topFeatures);
    for (const band of BANDS) put('features', features.bands[band], band);
    for (const [key, value] of FEATURE_FAMILIES) {
      for (const f of features.named) put(key, value(f.values), f.feature);
      if (features.other !== null) put(key, value(features.other), OTHER_FEATURES);
    }

    put('predictionPsi', report.prediction?.psi);
    const perf = report.performance;
    put('auroc', perf.auroc);
    put('sensitivity', perf.sensitivity);
    put('ppv', perf.ppv);
    put('ece', perf.ece);
    put('labelled', perf.labelled);
    put('labelCoverage', perf.labelCoverage);
    put('referenceAuroc', s.referencePerformance?.auroc);
    put('referenceSensitivity', s.referencePerformance?.sensitivity);
    put('referencePpv', s.referencePerformance?.ppv);
    put('feedbackResponses', report.feedback.responses);
    put('override', report.feedback.overrideRate);
    put('acceptance', report.feedback.acceptanceRate);
  }

  /** Swaps a family's series for these, in the gauge and in the kept text (same order in both). */
  private replace(family: Family, samples: readonly Sample[]): void {
    const { gauge, labelNames, name, help } = family;
    const values = new Array<GaugeSample>(samples.length);
    const lines = new Array<string>(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const { labels, value } = samples[i];
      const labelObject: Record<string, string> = {};
      for (let j = 0; j < labelNames.length; j++) labelObject[labelNames[j]] = labels[j];
      values[i] = { labels: labelObject, value };
      lines[i] = `${name}${formatLabels(labelNames, labels)} ${formatValue(value)}`;
    }
    gauge.replace(values);
    family.text = gaugeFamilyText(name, help, lines);
    family.samples = samples.length;
  }
}

function checkSnapshot(s: StreamSnapshot): void {
  const where = `The snapshot of model "${String(s.model)}" version ${String(s.version)} site "${String(s.site)}"`;
  if (typeof s.model !== 'string' || s.model === '') throw new TypeError(`${where} has no model name.`);
  if (typeof s.site !== 'string' || s.site === '') throw new TypeError(`${where} has no site.`);
  if (!Number.isInteger(s.version) || s.version < 1) {
    throw new TypeError(`${where}: the version must be a positive whole number.`);
  }
  const start = s.windowStart instanceof Date ? s.windowStart.getTime() : Number.NaN;
  const end = s.windowEnd instanceof Date ? s.windowEnd.getTime() : Number.NaN;
  if (!(start < end)) throw new TypeError(`${where} needs a window whose start is a valid date before its end.`);
  const names = new Set<string>();
  for (const f of s.report.features) {
    if (names.has(f.feature)) throw new TypeError(`${where} lists the feature "${f.feature}" twice.`);
    names.add(f.feature);
  }
}

function compareStreams(a: StreamSnapshot, b: StreamSnapshot): number {
  return compareText(a.model, b.model) || a.version - b.version || compareText(a.site, b.site);
}

function compareLabels(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareText(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
