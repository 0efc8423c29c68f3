import type { DatasetFormat } from '../format/dataset-format';

interface ColumnProfileBase {
  name: string;
  /** Non-missing values. */
  count: number;
  /** Empty (CSV) or null (Parquet) values. */
  missing: number;
}

export interface NumericColumnProfile extends ColumnProfileBase {
  kind: 'numeric';
  /** Non-missing values that are not finite decimal numbers (left out of every figure below). */
  nonNumeric: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (divides by n). */
  std: number;
  /** The 9 inner edges of 10 population bins: deciles (linear interpolation) of the reservoir sample. */
  decileEdges: number[];
  /** Exact counts of all numeric values per bin (a value on an edge counts in the bin above). */
  binCounts: number[];
  /**
   * The reservoir sample's quantiles at k/256, k = 0…256 (min and max included): what the drift monitor builds
   * its KS/Wasserstein grid from. Absent in profiles stored before it was added.
   */
  quantiles?: number[];
  /** Whether the deciles come from a sample (more numeric values than the reservoir holds) rather than all values. */
  sampled: boolean;
}

export interface CategoryCount {
  value: string;
  count: number;
}

export interface CategoricalColumnProfile extends ColumnProfileBase {
  kind: 'categorical';
  /** The most frequent values (at most 50), most frequent first, ties by value. */
  categories: CategoryCount[];
  /** Non-missing values not among `categories`. */
  otherCount: number;
  /** Distinct values seen (a lower bound when `distinctCapped`). */
  distinct: number;
  /**
   * True when the column had more distinct values than are tracked (10,000): values first seen after that are
   * counted in `otherCount` only, so a frequent value that first appears late could be missing from the top.
   */
  distinctCapped: boolean;
}

export type ColumnProfile = NumericColumnProfile | CategoricalColumnProfile;

/** A dataset's column summary, JSON-serialisable: stored at registration and reused as a drift reference. */
/** Steps of a numeric column's stored quantiles (`quantiles` holds PROFILE_QUANTILES + 1 values). */
export const PROFILE_QUANTILES = 256;

export interface DatasetProfile {
  format: DatasetFormat;
  rowCount: number;
  labelColumn?: string;
  subgroupColumns: string[];
  /** Numeric values kept per column for the deciles (the reservoir's size). */
  sampleSize: number;
  columns: ColumnProfile[];
}

export interface ProfileDatasetOptions {
  format?: string;
  /** Profiled as categorical whatever its values look like. */
  labelColumn?: string;
  /** Profiled as categorical whatever its values look like (an age band coded 1–5 is still a category). */
  subgroupColumns?: readonly string[];
  /** Numeric values kept per column for the deciles (default 100,000). */
  sampleSize?: number;
  /** Seed of the reservoir sampling, so a profile is reproducible (default fixed). */
  seed?: number;
}
