import { mulberry32 } from '../random/mulberry32';
import { binIndex } from './bin-index';
import { decileEdges } from './decile-edges';
import { decileHistogramOfSortedPair, kthOfSortedPair } from './sorted-pair-deciles';

// Checked against the plain way: concatenate, sort, decileEdges, count with binIndex.
function plain(a: number[], b: number[]) {
  const all = [...a, ...b];
  const edges = decileEdges(all);
  const counts = new Array<number>(10).fill(0);
  for (const v of all) counts[binIndex(v, edges)]++;
  return { decileEdges: edges, binCounts: counts };
}

describe('decileHistogramOfSortedPair', () => {
  it('equals the deciles and bin counts of the concatenation, ties and empty sides included', () => {
    const random = mulberry32(7);
    const cases: [number[], number[]][] = [
      [[], [0.5]],
      [[0.1, 0.2], []],
      [
        [0.3, 0.3, 0.3],
        [0.3, 0.3],
      ],
    ];
    for (let t = 0; t < 40; t++) {
      const gen = (n: number) =>
        Array.from({ length: n }, () => (t % 3 === 0 ? Math.round(random() * 10) / 10 : random()));
      cases.push([gen(Math.floor(random() * 60)), gen(1 + Math.floor(random() * 60))]);
    }
    for (const [a, b] of cases) {
      const sa = Float32Array.from(a).sort();
      const sb = Float32Array.from(b).sort();
      expect(decileHistogramOfSortedPair(sa, sb)).toEqual(plain([...sa], [...sb]));
    }
  });

  it('is null for no values, and kth refuses an index outside the union', () => {
    expect(decileHistogramOfSortedPair([], [])).toBeNull();
    expect(() => kthOfSortedPair([1], [2], 2)).toThrow(RangeError);
    expect([0, 1, 2, 3].map((k) => kthOfSortedPair([1, 4], [2, 3], k))).toEqual([1, 2, 3, 4]);
  });
});
