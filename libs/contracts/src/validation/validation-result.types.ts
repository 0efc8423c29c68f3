import type { BinaryMetrics, DecileHistogram, ReliabilityBin, RocCurvePoint } from '@vigil/stats';

/**
 * The wire shape of validation results: what `vigil validate --local --json` prints, what a runner sends
 * back for one site dataset, and what the registry stores and serves. Definitions of every metric are in
 * docs/metrics.md (they follow CLINICAL.md exactly). Ratios that are undefined (0/0) are `null`, never 0
 * or NaN.
 */

/*
 * The metrics of one population are what libs/stats computes: the wire type is its type, so the two cannot drift
 * apart. Definitions: docs/metrics.md. `aurocCi95` is DeLong's 95% interval clipped to [0, 1], null when a class has
 * fewer than two rows or the variance is 0 (e.g. perfect separation).
 */
export type CalibrationBin = ReliabilityBin;
export type RocPoint = RocCurvePoint;
export type ClassificationMetrics = BinaryMetrics;

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface RejectedRowExample {
  /** 1-based data row number (the header is not a row). */
  row: number;
  reason: string;
}

/** Population match of one feature: PSI between the site's data and the reference profile's decile bins. */
export interface FeaturePopulationMatch {
  column: string;
  psi: number;
}

export interface PopulationMatch {
  /** Where the reference bins came from, e.g. `model-card` or `dataset:site-a/icu-2025q3`. */
  reference: string;
  features: FeaturePopulationMatch[];
  /** Share of compared features whose PSI is above `psiThreshold`. */
  shareAboveThreshold: number;
  psiThreshold: number;
}

/** Results of replaying one dataset through one model version. */
export interface DatasetValidationResult extends ClassificationMetrics {
  rejectedRows: number;
  rejectedExamples: RejectedRowExample[];
  latencyMs: LatencyPercentiles;
  rowsPerSecond: number;
  executionProvider: 'cpu' | 'cuda';
  /** `{ column: { value: metrics } }` */
  subgroups: Record<string, Record<string, ClassificationMetrics>>;
  populationMatch: PopulationMatch | null;
  /**
   * The scores' 9 deciles and the count in each of the 10 bins: the drift monitor's reference for prediction
   * drift. Absent in results stored before it was added; null with no scored rows.
   */
  scoreDeciles?: DecileHistogram | null;
  modelChecksum: string;
  datasetChecksum: string;
}
