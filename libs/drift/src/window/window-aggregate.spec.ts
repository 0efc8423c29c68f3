import { categoricalPsi, HistogramAccumulator, jensenShannonDistance, psi } from '@vigil/stats';
import { buildReferenceProfile, type ReferenceProfile } from './reference-profile';
import {
  categoricalColumn,
  datasetProfile,
  normalSource,
  numericColumn,
  seededRandom,
} from './testing/reference.builder';
import { WindowAggregate, type WindowEvent } from './window-aggregate';
import { summariseWindow } from './window-report';

const random = seededRandom(7);
const normal = normalSource(random);
const wards = ['icu', 'ed', 'ward', 'theatre'];
const refLactate = Array.from({ length: 5000 }, () => Math.exp(0.5 * normal()));
const refWard = Array.from({ length: 5000 }, () => wards[Math.floor(random() * 3)]);
const refScores = Array.from({ length: 5000 }, () => random());

function reference(): ReferenceProfile {
  return buildReferenceProfile({
    dataset: datasetProfile([numericColumn('lactate', refLactate, 50), categoricalColumn('ward', refWard, 0)], 5050),
    numericValues: new Map([['lactate', refLactate]]),
    scores: refScores,
    performance: { threshold: 0.5, auroc: 0.8, sensitivity: 0.7, ppv: 0.4 },
  });
}

function events(n: number, seed: number): WindowEvent[] {
  const r = seededRandom(seed);
  const z = normalSource(r);
  return Array.from({ length: n }, (_, i) => {
    const score = r();
    return {
      features: {
        lactate: i % 17 === 0 ? null : 1.2 * Math.exp(0.5 * z()),
        ward: i % 11 === 0 ? `new-${i % 5}` : wards[Math.floor(r() * 4)],
      },
      score,
      alertShown: score >= 0.5,
      label: i % 3 === 0 ? (r() < score ? 1 : 0) : null,
      feedback: score >= 0.5 && i % 2 === 0 ? (['accepted', 'overridden', 'dismissed'] as const)[i % 3] : null,
    };
  });
}

describe('WindowAggregate', () => {
  const ref = reference();

  it('merged shards equal one pass, in any order, and survive JSON', () => {
    const all = events(3000, 1);
    const onePass = WindowAggregate.create(ref);
    onePass.addAll(all);
    const a = WindowAggregate.create(ref);
    const b = WindowAggregate.create(ref);
    const c = WindowAggregate.create(ref);
    a.addAll(all.slice(2000));
    b.addAll(all.slice(0, 700));
    c.addAll(all.slice(700, 2000));
    const revived = WindowAggregate.fromState(ref, JSON.parse(JSON.stringify(c.toState())));
    a.merge(revived);
    a.merge(b);
    expect(a.toState()).toEqual(onePass.toState());
    expect(summariseWindow(ref, a)).toEqual(summariseWindow(ref, onePass));
  });

  it('gives PSI and JS equal to @vigil/stats on the raw values, exactly', () => {
    const all = events(2000, 2);
    const aggregate = WindowAggregate.create(ref);
    aggregate.addAll(all);
    const report = summariseWindow(ref, aggregate);
    const lactate = report.features[0];
    const refHistogram = new HistogramAccumulator(
      ref.features[0].kind === 'numeric' ? ref.features[0].decileEdges : [],
    );
    refHistogram.addAll(refLactate);
    const current = new HistogramAccumulator(refHistogram.edges);
    current.addAll(all.map((e) => e.features.lactate).filter((v): v is number => typeof v === 'number'));
    expect(lactate.psi).toBe(psi(refHistogram.counts(), current.counts()));
    expect(lactate.kind === 'numeric' && lactate.jsDistance).toBe(
      jensenShannonDistance(refHistogram.counts(), current.counts()),
    );
    const scores = new HistogramAccumulator(ref.scores?.decileEdges ?? []);
    scores.addAll(all.map((e) => e.score));
    expect(report.prediction?.psi).toBe(psi(ref.scores?.binCounts ?? [], scores.counts()));
    // Categorical PSI: the unseen values pooled into one category, as categoricalPsi would count them.
    const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
    const pooled = all
      .map((e) => e.features.ward as string)
      .map((w) => (w.startsWith('new-') || w === 'theatre' ? 'zz-unseen' : w));
    expect(report.features[1].psi).toBeCloseTo(categoricalPsi(count(refWard), count(pooled)), 12);
  });

  it('counts missing values, unseen categories with examples, labels and feedback', () => {
    const all = events(1100, 3);
    const aggregate = WindowAggregate.create(ref);
    aggregate.addAll(all);
    const report = summariseWindow(ref, aggregate);
    const [lactate, ward] = report.features;
    expect(lactate.missing).toBe(all.filter((e) => e.features.lactate === null).length);
    expect(lactate.missingRateChange).toBeCloseTo(lactate.missing / 1100 - 50 / 5050, 12);
    if (ward.kind !== 'categorical') throw new Error('ward is categorical');
    // 'theatre' was never in the reference (only the first three wards were drawn).
    const theatre = all.filter((e) => e.features.ward === 'theatre').length;
    expect(ward.unseen).toBe(100 + theatre);
    expect(ward.unseenRate).toBeCloseTo((100 + theatre) / 1100, 12);
    expect(ward.unseenExamples.map((e) => e.value).sort()).toEqual(
      ['new-0', 'new-1', 'new-2', 'new-3', 'new-4', ...(theatre > 0 ? ['theatre'] : [])].sort(),
    );
    expect(report.performance.labelled).toBe(all.filter((e) => e.label !== null).length);
    expect(report.performance.labelCoverage).toBeCloseTo(report.performance.labelled / 1100, 12);
    expect(report.feedback.alertsShown).toBe(all.filter((e) => e.alertShown).length);
    expect(report.feedback.responses).toBe(all.filter((e) => e.feedback !== null).length);
  });

  it('keeps at most 20 unseen examples with exact counts, whatever the order', () => {
    const values = Array.from({ length: 500 }, (_, i) => `code-${i % 60}`);
    const build = (order: string[]) => {
      const aggregate = WindowAggregate.create(ref);
      for (const w of order) aggregate.add({ features: { ward: w }, score: 0.1 });
      return aggregate.toState().features[1];
    };
    const forward = build(values);
    expect(build([...values].reverse())).toEqual(forward);
    if (forward.kind !== 'categorical') throw new Error('ward is categorical');
    expect(forward.unseenExamples).toHaveLength(20);
    for (const e of forward.unseenExamples) expect(e.count).toBe(values.filter((v) => v === e.value).length);
  });

  it('refuses a malformed event whole, and states of another reference', () => {
    const aggregate = WindowAggregate.create(ref);
    expect(() => aggregate.add({ features: { lactate: 1 }, score: 1.5 })).toThrow(
      expect.objectContaining({ code: 'window_invalid_event' }),
    );
    expect(aggregate.events).toBe(0);
    const other = buildReferenceProfile({ dataset: datasetProfile([numericColumn('lactate', refLactate)], 5000) });
    expect(() => WindowAggregate.fromState(other, aggregate.toState())).toThrow(
      expect.objectContaining({ code: 'window_reference_mismatch' }),
    );
    expect(() => aggregate.merge(WindowAggregate.create(other))).toThrow(
      expect.objectContaining({ code: 'window_reference_mismatch' }),
    );
  });

  it('reads only an event’s own feature values, in whatever key order, ignoring features it does not watch', () => {
    const all = events(600, 6);
    const canonical = WindowAggregate.create(ref);
    canonical.addAll(all);
    const reordered = WindowAggregate.create(ref);
    const inherited = { lactate: 99, ward: 'inherited' };
    reordered.addAll(
      all.map((e, i) => {
        const { lactate, ward } = e.features;
        let features: Record<string, unknown>;
        switch (i % 5) {
          case 0: // other key order, a feature not watched, absent instead of null
            features = { extra: 'x', ward, ...(lactate === null ? {} : { lactate }) };
            break;
          case 1: // no prototype at all
            features = Object.assign(Object.create(null) as Record<string, unknown>, { lactate, ward });
            break;
          case 2: // a prototype whose values are not the event's
            features = Object.assign(Object.create(inherited) as Record<string, unknown>, e.features);
            break;
          case 3: // JSON, as the reader hands events over
            features = JSON.parse(JSON.stringify({ ward, lactate })) as Record<string, unknown>;
            break;
          default:
            features = { ...e.features, toString: 'not a feature' };
        }
        return { ...e, features: features as WindowEvent['features'] };
      }),
    );
    expect(reordered.toState()).toEqual(canonical.toState());
    // An event whose watched features are all inherited has none of them.
    const bare = WindowAggregate.create(ref);
    bare.add({ features: Object.create(inherited) as WindowEvent['features'], score: 0.2 });
    expect(bare.toState().features.map((f) => f.missing)).toEqual([1, 1]);
  });

  it('stays the same size however many events it counts (bar the labelled scores)', () => {
    const small = WindowAggregate.create(ref);
    small.addAll(events(1000, 4).map((e) => ({ ...e, label: null })));
    const large = WindowAggregate.create(ref);
    large.addAll(events(50_000, 5).map((e) => ({ ...e, label: null })));
    const size = (a: WindowAggregate) => JSON.stringify(a.toState()).length;
    expect(size(large)).toBeLessThan(1.5 * size(small) + 2000);
  });
});
