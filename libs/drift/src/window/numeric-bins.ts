import { binIndex } from '@vigil/stats';

/** Lookup cells per located interval (edges + 1 bins): enough that a cell rarely holds more than one edge. */
const CELLS_PER_BIN = 4;
const MAX_CELLS = 1 << 14;

/**
 * A numeric feature's two binnings at once — the reference's 10 decile bins and, when it has one, its fine
 * grid — with the answers `binIndex` gives (the number of edges ≤ the value), found in about constant time.
 *
 * The window aggregate bins every numeric value of every event twice; a binary search over the grid's ~830
 * edges is ten unpredictable branches, the cost that dominated a window of a million events. Here both edge
 * lists are merged into one ascending list (so a merged bin has no edge of either list inside it, and maps to
 * exactly one bin of each); equal-width cells over the merged list's inner range remember which merged edges
 * they start after, so a value is located by one multiplication, a search among the few edges of its cell, and
 * a final walk that compares with the edges themselves. The walk makes the result exact whatever the rounding
 * of the cell arithmetic: the cells only decide where the search starts.
 */
export class NumericBins {
  /** Merged edges (ascending, distinct). */
  private readonly edges: Float64Array;
  /** Per merged bin (edges.length + 1), its decile bin and its grid bin. */
  private readonly decileOf: Uint8Array;
  private readonly gridOf: Int32Array | null;
  /** Cells over [low, high): cell c holds the merged edges start[c] … start[c + 1] − 1 (up to rounding). */
  private readonly low: number;
  private readonly high: number;
  private readonly scale: number;
  private readonly start: Int32Array;
  private readonly cells: number;
  /** Set when the edges are not ascending finite numbers: then every value takes binIndex's own search. */
  private readonly fallback: { deciles: readonly number[]; grid: readonly number[] | null } | null;

  /**
   * `range`: where values usually fall, over which the cells are laid (the grid's reference [min, max]; by default
   * the outermost edges). Values outside it are found by a binary search over all merged edges.
   */
  constructor(decileEdges: readonly number[], gridEdges: readonly number[] | null, range?: readonly [number, number]) {
    const wellFormed = ascendingFinite(decileEdges) && (gridEdges === null || ascendingFinite(gridEdges));
    const merged = wellFormed ? mergeDistinct(decileEdges, gridEdges ?? []) : [];
    this.fallback = wellFormed ? null : { deciles: decileEdges, grid: gridEdges };
    this.edges = Float64Array.from(merged);
    const bins = merged.length + 1;
    this.decileOf = new Uint8Array(bins);
    this.gridOf = gridEdges === null ? null : new Int32Array(bins);
    for (let u = 1; u < bins; u++) {
      // Every value of merged bin u is ≥ merged[u − 1] and below the next merged edge: no edge of either list
      // lies between, so all of them share the bin of merged[u − 1].
      this.decileOf[u] = binIndex(merged[u - 1], decileEdges);
      if (this.gridOf !== null) this.gridOf[u] = binIndex(merged[u - 1], gridEdges as readonly number[]);
    }
    const n = merged.length;
    this.low = range?.[0] ?? (n > 0 ? merged[0] : 0);
    this.high = range?.[1] ?? (n > 0 ? merged[n - 1] : 0);
    const span = this.high - this.low;
    const inside = binIndex(this.high, merged) - binIndex(this.low, merged) + 1;
    this.cells = span > 0 && Number.isFinite(span) ? Math.min(MAX_CELLS, CELLS_PER_BIN * inside) : 0;
    this.scale = this.cells > 0 ? this.cells / span : 0;
    this.start = new Int32Array(this.cells + 2);
    for (let c = 0; c <= this.cells; c++) this.start[c] = binIndex(this.low + c / this.scale, merged);
    this.start[this.cells + 1] = n;
  }

  /**
   * The value's merged bin; read its decile and grid bins with `decileBin` and `gridBin`. The value must be a
   * finite number.
   */
  locate(value: number): number {
    const edges = this.edges;
    const n = edges.length;
    let lo = 0;
    let hi = n;
    if (value >= this.low && value < this.high && this.cells > 0) {
      let c = Math.floor((value - this.low) * this.scale);
      if (c >= this.cells) c = this.cells - 1;
      lo = this.start[c];
      hi = this.start[c + 1];
    }
    // The first edge above the value within [lo, hi) …
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    // … then checked against the edges themselves, which makes it binIndex's answer whatever the hint was.
    while (lo > 0 && edges[lo - 1] > value) lo--;
    while (lo < n && edges[lo] <= value) lo++;
    return lo;
  }

  decileBin(value: number, located: number): number {
    return this.fallback === null ? this.decileOf[located] : binIndex(value, this.fallback.deciles);
  }

  /** The grid bin; -1 when the feature has no grid. */
  gridBin(value: number, located: number): number {
    if (this.fallback !== null) return this.fallback.grid === null ? -1 : binIndex(value, this.fallback.grid);
    return this.gridOf === null ? -1 : this.gridOf[located];
  }
}

function ascendingFinite(edges: readonly number[]): boolean {
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]) || (i > 0 && edges[i] < edges[i - 1])) return false;
  }
  return true;
}

function mergeDistinct(a: readonly number[], b: readonly number[]): number[] {
  const all = [...a, ...b].sort((x, y) => x - y);
  return all.filter((e, i) => i === 0 || e !== all[i - 1]);
}
