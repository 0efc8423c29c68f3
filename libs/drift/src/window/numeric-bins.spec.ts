import { binIndex, decileEdges } from '@vigil/stats';
import { buildNumericGrid } from './numeric-grid';
import { NumericBins } from './numeric-bins';
import { normalSource, seededRandom } from './testing/reference.builder';

/** Every value's decile and grid bins from NumericBins, against binIndex on each edge list. */
function expectSameAsBinIndex(
  deciles: number[],
  grid: number[] | null,
  values: readonly number[],
  range?: [number, number],
) {
  const bins = new NumericBins(deciles, grid, range);
  for (const v of values) {
    const located = bins.locate(v);
    if (
      bins.decileBin(v, located) !== binIndex(v, deciles) ||
      bins.gridBin(v, located) !== (grid === null ? -1 : binIndex(v, grid))
    ) {
      throw new Error(
        `value ${v}: decile ${bins.decileBin(v, located)} vs ${binIndex(v, deciles)}, grid ${bins.gridBin(v, located)}`,
      );
    }
  }
}

/** The edges themselves, their float neighbours, midpoints, and values far outside. */
function probes(edges: readonly number[]): number[] {
  const out: number[] = [-1e300, 1e300, 0, -0];
  const next = (x: number, up: boolean) => {
    const buffer = new DataView(new ArrayBuffer(8));
    buffer.setFloat64(0, x);
    const bits = buffer.getBigInt64(0);
    if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
    buffer.setBigInt64(0, bits + (x > 0 === up ? 1n : -1n));
    return buffer.getFloat64(0);
  };
  edges.forEach((e, i) => {
    out.push(e, next(e, true), next(e, false));
    if (i > 0) out.push((e + edges[i - 1]) / 2);
  });
  return out;
}

describe('NumericBins: the decile and grid bins in one lookup, exactly as binIndex', () => {
  const normal = normalSource(seededRandom(5));

  it.each([
    ['normal', () => 50 + 10 * normal()],
    ['heavy tail', () => Math.exp(2 * normal())],
    ['ties (a coded feature)', () => Math.round(3 + normal())],
    ['tiny values', () => 1e-9 * normal()],
    ['huge values', () => 1e12 * (1 + normal())],
  ])('%s: every edge, its neighbours, and random values inside and far outside', (_, draw) => {
    const reference = Array.from({ length: 20_000 }, draw);
    const grid = buildNumericGrid(reference);
    const deciles = decileEdges(reference);
    const values = [...probes(grid.edges), ...probes(deciles), ...Array.from({ length: 50_000 }, draw)];
    values.push(...Array.from({ length: 5_000 }, () => grid.max + (grid.max - grid.min + 1) * 10 * Math.abs(normal())));
    expectSameAsBinIndex(deciles, grid.edges, values, [grid.min, grid.max]);
    expectSameAsBinIndex(deciles, grid.edges, values);
    expectSameAsBinIndex(deciles, null, values);
  });

  it('a constant reference (all deciles equal) and a range of one point', () => {
    const deciles = new Array<number>(9).fill(4);
    const grid = buildNumericGrid(new Array<number>(100).fill(4));
    const values = [...probes(grid.edges), 3.999, 4, 4.0001, -1e9, 1e9];
    expectSameAsBinIndex(deciles, grid.edges, values, [4, 4]);
    expectSameAsBinIndex(deciles, null, values);
  });

  it('edges that are not ascending finite numbers fall back to binIndex itself', () => {
    const deciles = [1, 2, Number.NaN, 4, 5, 6, 7, 8, 9];
    expectSameAsBinIndex(deciles, [0, 10, 5], [-1, 0, 1, 2.5, 5, 9, 10, 11]);
  });
});
