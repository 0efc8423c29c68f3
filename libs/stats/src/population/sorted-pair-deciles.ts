import { quantileOfSorted } from '../descriptive/quantile';

/** Decile bins of a sample: CLINICAL.md's PSI bins (9 inner edges) and the sample's count in each of the 10. */
export interface DecileHistogram {
  decileEdges: number[];
  binCounts: number[];
}

/**
 * The deciles and decile-bin counts of the union of two ascending arrays (e.g. the positives' and the negatives'
 * scores, each already sorted for AUROC), equal to `decileEdges` + `binIndex` counting over the concatenation,
 * without building it: the k-th smallest of two sorted arrays is found by bisection. Null when both are empty.
 */
export function decileHistogramOfSortedPair(a: ArrayLike<number>, b: ArrayLike<number>): DecileHistogram | null {
  const n = a.length + b.length;
  if (n === 0) return null;
  const union = new Proxy(
    { length: n },
    {
      get: (_target, prop) => (prop === 'length' ? n : kthOfSortedPair(a, b, Number(prop))),
    },
  );
  const decileEdges: number[] = [];
  for (let k = 1; k <= 9; k++) decileEdges.push(quantileOfSorted(union, k / 10));
  // Bin j is [edge(j−1), edge(j)): a value on an edge counts in the bin above, as binIndex places it.
  const below = decileEdges.map((e) => lowerBound(a, e) + lowerBound(b, e));
  const binCounts = [below[0]];
  for (let j = 1; j < 9; j++) binCounts.push(below[j] - below[j - 1]);
  binCounts.push(n - below[8]);
  return { decileEdges, binCounts };
}

/** The k-th smallest (0-based) of the union of two ascending arrays. */
export function kthOfSortedPair(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  if (!(Number.isInteger(k) && k >= 0 && k < a.length + b.length)) {
    throw new RangeError(`k must be an index into the ${a.length + b.length} values, got ${k}`);
  }
  // Take i from a and k + 1 − i from b, with i bisected so both prefixes hold only values ≤ the answer.
  let lo = Math.max(0, k + 1 - b.length);
  let hi = Math.min(k + 1, a.length);
  while (lo < hi) {
    const i = (lo + hi) >> 1;
    const j = k + 1 - i;
    if (j > 0 && i < a.length && b[j - 1] > a[i]) lo = i + 1;
    else hi = i;
  }
  const i = lo;
  const j = k + 1 - i;
  const fromA = i > 0 ? a[i - 1] : -Infinity;
  const fromB = j > 0 ? b[j - 1] : -Infinity;
  return fromA > fromB ? fromA : fromB;
}

/** How many values of an ascending array are below `x`. */
function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
