import type { CategoricalColumnProfile, DatasetProfile, NumericColumnProfile } from '@vigil/datasets';
import { BinaryClassificationAccumulator, binIndex, decileEdges } from '@vigil/stats';
import { buildReferenceProfile, type ReferenceProfile } from '../window/reference-profile';
import { ADMISSION_SOURCES, type EventBatch, OPERATING_THRESHOLD, SIMULATED_FEATURES } from './simulated-population';
import type { SimulatedReference } from './simulation.types';

/** The categorical feature's name in events and in the reference. */
export const ADMISSION_SOURCE = 'admission_source';
/** The training sample's outcome column: in the dataset profile as its label, never watched as a feature. */
const OUTCOME = 'outcome';

/** The reference windows are judged against, as the server holds it, and its figures for the output. */
export interface SimulatedTrainingReference {
  profile: ReferenceProfile;
  summary: SimulatedReference;
}

/**
 * Freezes the reference from a fully labelled training sample as approval would: the sample's dataset profile
 * (what `profileDataset` writes for a file of these rows: every value kept, so its deciles are exact), the
 * numeric values for the KS/Wasserstein grid, the score histogram and the performance at the operating
 * threshold, through the server's own `buildReferenceProfile`.
 */
export function freezeSimulatedReference(batch: EventBatch): SimulatedTrainingReference {
  const f = SIMULATED_FEATURES.length;
  const numericValues = new Map<string, Float64Array>();
  const columns: DatasetProfile['columns'] = SIMULATED_FEATURES.map((name, j) => {
    const present: number[] = [];
    for (let i = 0; i < batch.count; i++) {
      const v = batch.features[i * f + j];
      if (!Number.isNaN(v)) present.push(v);
    }
    const values = Float64Array.from(present);
    numericValues.set(name, values);
    return numericColumn(name, values, batch.count - values.length);
  });
  const sources = ADMISSION_SOURCES.map(() => 0);
  const outcomes = [0, 0];
  for (let i = 0; i < batch.count; i++) {
    sources[batch.admissionSource[i]]++;
    outcomes[batch.label[i]]++;
  }
  columns.push(
    categoricalColumn(
      ADMISSION_SOURCE,
      ADMISSION_SOURCES.map((value, k) => ({ value, count: sources[k] })),
    ),
    categoricalColumn(OUTCOME, [
      { value: '0', count: outcomes[0] },
      { value: '1', count: outcomes[1] },
    ]),
  );
  const dataset: DatasetProfile = {
    format: 'csv',
    rowCount: batch.count,
    labelColumn: OUTCOME,
    subgroupColumns: [],
    sampleSize: batch.count,
    columns,
  };

  const performance = new BinaryClassificationAccumulator(OPERATING_THRESHOLD);
  performance.addBatch(batch.score, batch.label, batch.count);
  const metrics = performance.result();
  if (metrics.auroc === null || metrics.sensitivity === null || metrics.ppv === null) {
    throw new RangeError('the reference sample is too small to have both outcomes and alerts');
  }
  const profile = buildReferenceProfile({
    dataset,
    numericValues,
    scores: batch.score,
    performance: {
      threshold: OPERATING_THRESHOLD,
      auroc: metrics.auroc,
      sensitivity: metrics.sensitivity,
      ppv: metrics.ppv,
    },
  });
  return {
    profile,
    summary: {
      events: batch.count,
      auroc: metrics.auroc,
      sensitivity: metrics.sensitivity,
      ppv: metrics.ppv,
      operatingThreshold: OPERATING_THRESHOLD,
    },
  };
}

function numericColumn(name: string, values: Float64Array, missing: number): NumericColumnProfile {
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    // Welford, as profileDataset.
    const delta = v - mean;
    mean += delta / (i + 1);
    m2 += delta * (v - mean);
  }
  const edges = decileEdges(values);
  const binCounts = new Array<number>(10).fill(0);
  for (let i = 0; i < values.length; i++) binCounts[binIndex(values[i], edges)]++;
  return {
    kind: 'numeric',
    name,
    count: values.length,
    missing,
    nonNumeric: 0,
    min,
    max,
    mean,
    std: values.length > 0 ? Math.sqrt(m2 / values.length) : 0,
    decileEdges: edges,
    binCounts,
    sampled: false,
  };
}

/** Every category listed (there are few), most frequent first, ties by value, as profileDataset orders them. */
function categoricalColumn(name: string, counts: { value: string; count: number }[]): CategoricalColumnProfile {
  const categories = counts
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    kind: 'categorical',
    name,
    count: categories.reduce((s, c) => s + c.count, 0),
    missing: 0,
    categories,
    otherCount: 0,
    distinct: categories.length,
    distinctCapped: false,
  };
}
