import type { ClassificationMetrics } from '@vigil/contracts';
import { BinaryClassificationAccumulator, type DecileHistogram, decileHistogramOfSortedPair } from '@vigil/stats';

/**
 * Rows per chunk. Chunks are never copied to grow (a growing array holds its old and new copies at once, twice
 * what is kept), and at most one chunk per class is partly empty.
 */
const CHUNK_ROWS = 65_536;

type Codes = Uint8Array | Uint16Array;

/** The scores of one class and each row's code per subgroup column, in arrival order. */
class ClassRows {
  readonly scores: Float32Array[] = [];
  /** `codes[c][k]`: chunk k's codes for subgroup column c. */
  readonly codes: Codes[][];
  size = 0;

  constructor(columns: number) {
    this.codes = Array.from({ length: columns }, () => []);
  }

  /** Room for one more row: the chunk it goes in and its index there. */
  slot(wide: readonly boolean[]): number {
    const offset = this.size % CHUNK_ROWS;
    if (offset === 0) {
      this.scores.push(new Float32Array(CHUNK_ROWS));
      for (let c = 0; c < this.codes.length; c++) {
        this.codes[c].push(wide[c] ? new Uint16Array(CHUNK_ROWS) : new Uint8Array(CHUNK_ROWS));
      }
    }
    return offset;
  }

  widen(column: number): void {
    this.codes[column] = this.codes[column].map((chunk) => Uint16Array.from(chunk));
  }
}

/** The distinct values of one subgroup column; a row keeps the value's code. */
class SubgroupValues {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly column: string) {}

  /** The value's code: one byte until a 257th value appears, then two. */
  code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      if (code === 65_536) {
        throw new RangeError(
          `The subgroup column "${this.column}" has more than 65,536 distinct values: it identifies rows rather ` +
            'than groups of patients. Choose a column such as sex or age band.',
        );
      }
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }
}

export interface ScoredRowsMetrics {
  overall: ClassificationMetrics;
  /** `{ column: { value: metrics } }`, values in alphabetical order. */
  bySubgroup: Record<string, Record<string, ClassificationMetrics>>;
  /** The scores' deciles and counts per decile bin: the reference for prediction drift (null with no rows). */
  scoreDeciles: DecileHistogram | null;
}

/**
 * Every scored row, kept once: its float32 score filed under its label (so the label costs nothing) with one small
 * code per subgroup column, so 4 + (1 per subgroup column) bytes a row, in fixed-size chunks. The site's and each
 * subgroup's metrics are computed at the end in one pair of arrays (4 bytes a row) that every subgroup reuses in
 * turn and the whole site last, rather than a copy of every score per population.
 */
export class ScoredRows {
  private readonly positives: ClassRows;
  private readonly negatives: ClassRows;
  private readonly subgroups: SubgroupValues[];
  private readonly wide: boolean[];
  private codeScratch = new Uint16Array(0);

  constructor(
    private readonly threshold: number,
    subgroupColumns: readonly string[],
  ) {
    this.subgroups = subgroupColumns.map((column) => new SubgroupValues(column));
    this.wide = subgroupColumns.map(() => false);
    this.positives = new ClassRows(subgroupColumns.length);
    this.negatives = new ClassRows(subgroupColumns.length);
  }

  get rows(): number {
    return this.positives.size + this.negatives.size;
  }

  /**
   * `groupValues[c][r]` is row r's value of subgroup column c. Labels must be 0 or 1; scores are checked when the
   * metrics are computed, as an accumulator would check them.
   */
  add(scores: Float32Array, labels: Uint8Array, groupValues: readonly (readonly string[])[], count: number): void {
    const columns = this.subgroups.length;
    const codes = this.batchCodes(groupValues, count);
    for (let r = 0; r < count; r++) {
      const label = labels[r];
      if (label > 1) throw new RangeError(`A label must be 0 or 1, got ${label}.`);
      const target = label === 1 ? this.positives : this.negatives;
      const offset = target.slot(this.wide);
      const chunk = target.scores.length - 1;
      target.scores[chunk][offset] = scores[r];
      for (let c = 0; c < columns; c++) target.codes[c][chunk][offset] = codes[c * count + r];
      target.size++;
    }
  }

  metrics(): ScoredRowsMetrics {
    const positives = new Float32Array(this.positives.size);
    const negatives = new Float32Array(this.negatives.size);
    const bySubgroup: ScoredRowsMetrics['bySubgroup'] = {};
    for (let c = 0; c < this.subgroups.length; c++) {
      const { column, values } = this.subgroups[c];
      // Each value's rows are laid out together (a counting sort by code), one population after another.
      const posStarts = this.groupBy(this.positives, c, values.length, positives);
      const negStarts = this.groupBy(this.negatives, c, values.length, negatives);
      const metrics: [string, ClassificationMetrics][] = values.map((value, code) => [
        value,
        BinaryClassificationAccumulator.metricsOf(
          this.threshold,
          positives.subarray(posStarts[code], posStarts[code + 1]),
          negatives.subarray(negStarts[code], negStarts[code + 1]),
        ),
      ]);
      metrics.sort(([a], [b]) => a.localeCompare(b));
      bySubgroup[column] = Object.fromEntries(metrics);
    }
    copyScores(this.positives, positives);
    copyScores(this.negatives, negatives);
    const overall = BinaryClassificationAccumulator.metricsOf(this.threshold, positives, negatives);
    // metricsOf left both classes sorted: the deciles of all scores come from them without a merged copy.
    return { overall, bySubgroup, scoreDeciles: decileHistogramOfSortedPair(positives, negatives) };
  }

  /** Each row's code per column (`[c * count + r]`), looked up once per run of equal values. */
  private batchCodes(groupValues: readonly (readonly string[])[], count: number): Uint16Array {
    const columns = this.subgroups.length;
    if (this.codeScratch.length < columns * count) this.codeScratch = new Uint16Array(columns * count);
    const codes = this.codeScratch;
    for (let c = 0; c < columns; c++) {
      const subgroup = this.subgroups[c];
      const values = groupValues[c];
      let last: string | undefined;
      let lastCode = 0;
      for (let r = 0; r < count; r++) {
        const value = values[r];
        if (value !== last) {
          lastCode = subgroup.code(value);
          last = value;
        }
        codes[c * count + r] = lastCode;
      }
      if (subgroup.values.length > 256 && !this.wide[c]) this.widen(c);
    }
    return codes;
  }

  private widen(column: number): void {
    this.wide[column] = true;
    this.positives.widen(column);
    this.negatives.widen(column);
  }

  /** Writes the class's scores into `into` grouped by their code in column c; returns where each code's run starts. */
  private groupBy(rows: ClassRows, column: number, valueCount: number, into: Float32Array): Uint32Array {
    const starts = new Uint32Array(valueCount + 1);
    const codeChunks = rows.codes[column];
    forEachChunk(rows, (k, length) => {
      const codes = codeChunks[k];
      for (let i = 0; i < length; i++) starts[codes[i] + 1]++;
    });
    for (let v = 0; v < valueCount; v++) starts[v + 1] += starts[v];
    const next = starts.slice(0, valueCount);
    forEachChunk(rows, (k, length) => {
      const codes = codeChunks[k];
      const scores = rows.scores[k];
      for (let i = 0; i < length; i++) into[next[codes[i]]++] = scores[i];
    });
    return starts;
  }
}

function forEachChunk(rows: ClassRows, visit: (chunk: number, length: number) => void): void {
  for (let k = 0; k < rows.scores.length; k++) visit(k, Math.min(CHUNK_ROWS, rows.size - k * CHUNK_ROWS));
}

function copyScores(rows: ClassRows, into: Float32Array): void {
  forEachChunk(rows, (k, length) => into.set(rows.scores[k].subarray(0, length), k * CHUNK_ROWS));
}
