import { binIndex, decileEdges, quantileOfSorted, sortedCopy } from '@vigil/stats';
import { openTableSource } from '../table/open-table-source';
import { resolveColumns } from '../table/resolve-columns';
import type { RowView } from '../table/row-view';
import {
  type CategoricalColumnProfile,
  type CategoryCount,
  type ColumnProfile,
  type DatasetProfile,
  type NumericColumnProfile,
  PROFILE_QUANTILES,
  type ProfileDatasetOptions,
} from './dataset-profile';
import { ReservoirSample } from './reservoir-sample';

const DEFAULT_SAMPLE_SIZE = 100_000;
const DEFAULT_SEED = 0x5eed;
/** A column is numeric when at least this share of its non-missing values are finite decimal numbers. */
const NUMERIC_SHARE = 0.95;
const TOP_CATEGORIES = 50;
const MAX_TRACKED_CATEGORIES = 10_000;

interface FirstPass {
  count: number;
  missing: number;
  numeric: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  sample: ReservoirSample;
}

/**
 * Summarises every column in two streaming passes with bounded memory. Pass one counts values, finds which
 * columns are numeric (at least 95% of the non-missing values are finite decimal numbers; label and subgroup
 * columns are always categorical), keeps min/max/mean/std exactly and a seeded reservoir sample of each column's
 * numbers, from which the decile edges are taken. Pass two counts every value exactly into the bins over those
 * edges, and counts categories (up to 10,000 distinct values per column are tracked).
 */
export async function profileDataset(path: string, options: ProfileDatasetOptions = {}): Promise<DatasetProfile> {
  const source = await openTableSource(path, options.format);
  const forced = new Set<number>([
    ...resolveColumns(source, options.labelColumn === undefined ? [] : [options.labelColumn], 'label'),
    ...resolveColumns(source, options.subgroupColumns ?? [], 'subgroup'),
  ]);
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const seed = options.seed ?? DEFAULT_SEED;
  const n = source.columns.length;

  const first: FirstPass[] = source.columns.map((_, c) => ({
    count: 0,
    missing: 0,
    numeric: 0,
    mean: 0,
    m2: 0,
    min: Infinity,
    max: -Infinity,
    // Distinct seeds per column, so columns that happen to be identical are not sampled at identical rows.
    sample: new ReservoirSample(sampleSize, (seed + Math.imul(c + 1, 0x9e3779b1)) >>> 0),
  }));
  let rowCount = 0;

  const visitFirst = (row: RowView): void => {
    rowCount++;
    for (let c = 0; c < n; c++) {
      const stats = first[c];
      if (row.isMissing(c)) {
        stats.missing++;
        continue;
      }
      stats.count++;
      if (forced.has(c)) continue;
      const value = row.number(c);
      if (value !== value) continue;
      // Welford's update: stable where sum-of-squares would cancel.
      const k = ++stats.numeric;
      const delta = value - stats.mean;
      stats.mean += delta / k;
      stats.m2 += delta * (value - stats.mean);
      if (value < stats.min) stats.min = value;
      if (value > stats.max) stats.max = value;
      stats.sample.add(value);
    }
  };
  for await (const _ of source.visitChunks(visitFirst)) {
    // Nothing to hand over between chunks.
  }

  const numeric = first.map((s, c) => !forced.has(c) && s.numeric > 0 && s.numeric >= NUMERIC_SHARE * s.count);
  const edges = first.map((s, c) => (numeric[c] ? decileEdges(s.sample.sample()) : []));
  const quantiles = first.map((s, c) => (numeric[c] ? sampleQuantiles(s.sample.sample()) : []));
  const bins = first.map((_, c) => (numeric[c] ? new Float64Array(10) : undefined));
  const categories = first.map((_, c) => (numeric[c] ? undefined : new Map<string, number>()));
  const untracked = new Float64Array(n);
  const numericIndexes = numeric.flatMap((isNumeric, c) => (isNumeric ? [c] : []));
  const categoricalIndexes = numeric.flatMap((isNumeric, c) => (isNumeric ? [] : [c]));

  const visitSecond = (row: RowView): void => {
    for (const c of numericIndexes) {
      const value = row.number(c);
      if (value === value) (bins[c] as Float64Array)[binIndex(value, edges[c])]++;
    }
    for (const c of categoricalIndexes) {
      if (row.isMissing(c)) continue;
      const counts = categories[c] as Map<string, number>;
      const value = row.text(c);
      const seen = counts.get(value);
      if (seen !== undefined) counts.set(value, seen + 1);
      else if (counts.size < MAX_TRACKED_CATEGORIES) counts.set(value, 1);
      else untracked[c]++;
    }
  };
  for await (const _ of source.visitChunks(visitSecond)) {
    // Nothing to hand over between chunks.
  }

  const columns = source.columns.map((name, c): ColumnProfile => {
    const s = first[c];
    if (numeric[c]) {
      const profile: NumericColumnProfile = {
        name,
        kind: 'numeric',
        count: s.count,
        missing: s.missing,
        nonNumeric: s.count - s.numeric,
        min: s.min,
        max: s.max,
        mean: s.mean,
        std: Math.sqrt(s.m2 / s.numeric),
        decileEdges: edges[c],
        binCounts: Array.from(bins[c] as Float64Array),
        quantiles: quantiles[c],
        sampled: s.numeric > sampleSize,
      };
      return profile;
    }
    const counts = categories[c] as Map<string, number>;
    const sorted: CategoryCount[] = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const top = sorted.slice(0, TOP_CATEGORIES);
    const listed = top.reduce((sum, t) => sum + t.count, 0);
    const profile: CategoricalColumnProfile = {
      name,
      kind: 'categorical',
      count: s.count,
      missing: s.missing,
      categories: top,
      otherCount: s.count - listed,
      distinct: counts.size + (untracked[c] > 0 ? 1 : 0),
      distinctCapped: untracked[c] > 0,
    };
    return profile;
  });

  return {
    format: source.format,
    rowCount,
    ...(options.labelColumn === undefined ? {} : { labelColumn: options.labelColumn }),
    subgroupColumns: [...(options.subgroupColumns ?? [])],
    sampleSize,
    columns,
  };
}

/**
 * The sample's quantiles at k/256 (k = 0…256, min and max included): a compact stand-in for the sample from which
 * the drift monitor builds its fine KS/Wasserstein grid (each step holds 1/256 of the values).
 */
function sampleQuantiles(sample: ArrayLike<number>): number[] {
  if (sample.length === 0) return [];
  const sorted = sortedCopy(sample);
  const out: number[] = [];
  for (let k = 0; k <= PROFILE_QUANTILES; k++) out.push(quantileOfSorted(sorted, k / PROFILE_QUANTILES));
  return out;
}
