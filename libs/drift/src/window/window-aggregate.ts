import { BinaryClassificationAccumulator, type BinaryClassificationState, binIndex } from '@vigil/stats';
import { NumericBins } from './numeric-bins';
import type { ReferenceProfile } from './reference-profile';
import { WindowInputError } from './window-input.error';

/** Distinct unseen values kept per categorical feature, with exact counts, as examples for the ticket. */
export const UNSEEN_EXAMPLES = 20;

export type FeatureValue = number | string | null | undefined;
export type ClinicianAction = 'accepted' | 'overridden' | 'dismissed';
const CLINICIAN_ACTIONS: readonly ClinicianAction[] = ['accepted', 'overridden', 'dismissed'];

/** One inference event as the window sees it once its outcome and feedback (if any) are joined to it. */
export interface WindowEvent {
  /** Feature values by name; absent, null, '' or NaN is missing. */
  features: Readonly<Record<string, FeatureValue>>;
  /** The model's score, a probability in [0, 1]. */
  score: number;
  alertShown?: boolean;
  /** The observed outcome, once it has arrived. */
  label?: 0 | 1 | null;
  /** The clinician's action on the event, if any. */
  feedback?: ClinicianAction | null;
}

export interface UnseenCategory {
  value: string;
  count: number;
}

export interface NumericFeatureCounts {
  kind: 'numeric';
  name: string;
  missing: number;
  /** Present but not a finite number (text in a numeric feed, ±Infinity): in no bin. */
  nonNumeric: number;
  /** Counts over the reference's 10 decile bins. */
  decileCounts: number[];
  /** Non-zero counts over the reference's fine grid as [bin, count], ascending; null when it has none. */
  gridCounts: [number, number][] | null;
  /** Smallest and largest numeric value; null when there is none. */
  min: number | null;
  max: number | null;
}

export interface CategoricalFeatureCounts {
  kind: 'categorical';
  name: string;
  missing: number;
  /** Counts per reference category, in the reference's order. */
  categoryCounts: number[];
  /** Values outside the reference's listed categories. */
  unseen: number;
  /**
   * Up to 20 distinct unseen values with their exact counts: those with the smallest hashes (FNV-1a), i.e. a
   * deterministic sample that does not depend on arrival order, so merged states equal one pass.
   */
  unseenExamples: UnseenCategory[];
}

export type FeatureCounts = NumericFeatureCounts | CategoricalFeatureCounts;

export interface FeedbackCounts {
  alertsShown: number;
  /** Responses to shown alerts, by action. */
  accepted: number;
  overridden: number;
  dismissed: number;
  /** Feedback on events that showed no alert: kept apart, in no rate. */
  withoutAlert: number;
}

/**
 * A window's aggregate as plain JSON: what a replica stores and another merges. Its size does not grow with the
 * events, except the labelled scores (4 bytes each as float32, base64 in JSON), which exact AUROC needs.
 */
export interface WindowAggregateState {
  version: 1;
  /** The fingerprint of the reference profile the counts are binned against. */
  reference: string;
  events: number;
  features: FeatureCounts[];
  /** Counts over the reference score deciles; null when the reference has no score histogram. */
  scoreCounts: number[] | null;
  performance: BinaryClassificationState;
  feedback: FeedbackCounts;
}

interface NumericCounter {
  kind: 'numeric';
  name: string;
  /** Events with a value (not missing), numeric or not: missing = events − present. */
  present: number;
  nonNumeric: number;
  /** The reference's decile bins and fine grid, located together (see NumericBins). */
  bins: NumericBins;
  deciles: Float64Array;
  grid: Float64Array | null;
  min: number;
  max: number;
}

interface CategoricalCounter {
  kind: 'categorical';
  name: string;
  present: number;
  index: Map<string, number>;
  counts: Float64Array;
  unseen: number;
  examples: Map<string, number>;
}

type Counter = NumericCounter | CategoricalCounter;

/**
 * The bounded, exactly mergeable summary of one tumbling window of one (model, version, site), counted against
 * the frozen reference profile. Everything in it is a count, a min/max or a multiset (labelled scores), so shards
 * from several replicas or batches merged in any order give a state equal to one pass over all events.
 *
 * Per event: each numeric feature's value is binned into the reference's 10 decile bins (PSI and JS are then
 * exact) and into its fine grid (KS and Wasserstein-1 with guaranteed bounds); each categorical value counts
 * against the reference's categories or as unseen; the score is binned into the reference score deciles; a
 * labelled event adds (score, label) to a BinaryClassificationAccumulator; feedback counts by action.
 */
export class WindowAggregate {
  private eventCount = 0;
  /** In the reference's feature order (states and reports follow it). */
  private readonly counters: Counter[];
  // The same counters split by kind, so the per-event loops stay monomorphic.
  private readonly numeric: NumericCounter[];
  private readonly categorical: CategoricalCounter[];
  private readonly byName: Map<string, Counter>;
  /**
   * The counter of the k-th key the last event listed: events of one feed list the same keys in the same order
   * (JSON from one writer, jsonb from PostgreSQL), so a key is matched by identity instead of a map lookup.
   */
  private readonly lastKeys: string[] = [];
  private readonly lastCounters: (Counter | null)[] = [];
  private readonly scoreEdges: readonly number[] | null;
  private readonly scoreCounts: Float64Array | null;
  private readonly performance: BinaryClassificationAccumulator;
  private readonly feedback: FeedbackCounts = {
    alertsShown: 0,
    accepted: 0,
    overridden: 0,
    dismissed: 0,
    withoutAlert: 0,
  };

  private constructor(readonly reference: ReferenceProfile) {
    const located = numericBinsOf(reference);
    this.counters = reference.features.map((f, k): Counter => {
      if (f.kind === 'numeric') {
        return {
          kind: 'numeric',
          name: f.name,
          present: 0,
          nonNumeric: 0,
          bins: located[k] as NumericBins,
          deciles: new Float64Array(10),
          grid: f.grid === null ? null : new Float64Array(f.grid.edges.length + 1),
          min: Infinity,
          max: -Infinity,
        };
      }
      return {
        kind: 'categorical',
        name: f.name,
        present: 0,
        index: new Map(f.categories.map((c, i) => [c.value, i])),
        counts: new Float64Array(f.categories.length),
        unseen: 0,
        examples: new Map(),
      };
    });
    this.numeric = this.counters.filter((c): c is NumericCounter => c.kind === 'numeric');
    this.categorical = this.counters.filter((c): c is CategoricalCounter => c.kind === 'categorical');
    this.byName = new Map(this.counters.map((c) => [c.name, c]));
    this.scoreEdges = reference.scores?.decileEdges ?? null;
    this.scoreCounts = reference.scores === null ? null : new Float64Array(10);
    this.performance = new BinaryClassificationAccumulator(reference.performance?.threshold ?? 0.5);
  }

  /** An empty window counted against `reference`. */
  static create(reference: ReferenceProfile): WindowAggregate {
    return new WindowAggregate(reference);
  }

  get events(): number {
    return this.eventCount;
  }

  /** Counts one event; a malformed event is refused whole (nothing of it is counted). */
  add(event: WindowEvent): void {
    checkEvent(event);
    this.eventCount++;
    // The drift monitor's hottest loop (a window of a million events × 30 features). A feature absent from the
    // event is simply not visited: missing = events − present. A plain record's keys are walked with for…in,
    // which V8 reads through the object's enum cache, several times faster than one keyed lookup per feature.
    const features = event.features;
    const proto: unknown = Object.getPrototypeOf(features);
    if ((proto === Object.prototype && !objectPrototypeEnumerable()) || proto === null) {
      let k = 0;
      for (const key in features) {
        let counter: Counter | null | undefined;
        if (this.lastKeys[k] === key) counter = this.lastCounters[k];
        else {
          counter = this.byName.get(key) ?? null;
          this.lastKeys[k] = key;
          this.lastCounters[k] = counter;
        }
        k++;
        if (counter === null) continue;
        if (counter.kind === 'numeric') countNumeric(counter, features[key]);
        else countCategorical(counter, features[key]);
      }
    } else {
      // Anything else: only its own properties are feature values (a feature named like an inherited property
      // is not that property).
      for (const counter of this.numeric) countNumeric(counter, ownValue(features, counter.name));
      for (const counter of this.categorical) countCategorical(counter, ownValue(features, counter.name));
    }
    if (this.scoreCounts !== null) this.scoreCounts[binIndex(event.score, this.scoreEdges as readonly number[])]++;
    if (event.label === 0 || event.label === 1) this.performance.add(event.score, event.label);
    if (event.alertShown === true) this.feedback.alertsShown++;
    if (event.feedback !== undefined && event.feedback !== null) {
      if (event.alertShown === true) this.feedback[event.feedback]++;
      else this.feedback.withoutAlert++;
    }
  }

  addAll(events: Iterable<WindowEvent>): void {
    for (const e of events) this.add(e);
  }

  /** Adds another shard of the same window (same reference); the result equals one pass over both. */
  merge(other: WindowAggregate): void {
    if (other === this) throw stateError('window_invalid_state', 'An aggregate cannot be merged into itself.');
    if (other.reference.fingerprint !== this.reference.fingerprint) {
      throw stateError(
        'window_reference_mismatch',
        'Aggregates counted against different references cannot be merged.',
      );
    }
    this.eventCount += other.eventCount;
    this.counters.forEach((mine, k) => {
      const theirs = other.counters[k];
      mine.present += theirs.present;
      if (mine.kind === 'numeric' && theirs.kind === 'numeric') {
        mine.nonNumeric += theirs.nonNumeric;
        addInto(mine.deciles, theirs.deciles);
        if (mine.grid !== null && theirs.grid !== null) addInto(mine.grid, theirs.grid);
        mine.min = Math.min(mine.min, theirs.min);
        mine.max = Math.max(mine.max, theirs.max);
      } else if (mine.kind === 'categorical' && theirs.kind === 'categorical') {
        addInto(mine.counts, theirs.counts);
        mine.unseen += theirs.unseen;
        for (const [value, count] of theirs.examples) addExample(mine.examples, value, count);
      }
    });
    if (this.scoreCounts !== null && other.scoreCounts !== null) addInto(this.scoreCounts, other.scoreCounts);
    this.performance.merge(other.performance);
    for (const key of Object.keys(this.feedback) as (keyof FeedbackCounts)[]) this.feedback[key] += other.feedback[key];
  }

  /** The aggregate as plain JSON, for storing or shipping to another replica. */
  toState(): WindowAggregateState {
    return { ...this.counts(), performance: this.performance.toState() };
  }

  /** Everything but the labelled scores (which the report reads through `performanceAccumulator`). */
  counts(): Omit<WindowAggregateState, 'performance'> {
    return {
      version: 1,
      reference: this.reference.fingerprint,
      events: this.eventCount,
      features: this.counters.map((c): FeatureCounts => {
        if (c.kind === 'numeric') {
          const empty = c.min > c.max;
          return {
            kind: 'numeric',
            name: c.name,
            missing: this.eventCount - c.present,
            nonNumeric: c.nonNumeric,
            decileCounts: Array.from(c.deciles),
            gridCounts: c.grid === null ? null : sparse(c.grid),
            min: empty ? null : c.min,
            max: empty ? null : c.max,
          };
        }
        return {
          kind: 'categorical',
          name: c.name,
          missing: this.eventCount - c.present,
          categoryCounts: Array.from(c.counts),
          unseen: c.unseen,
          unseenExamples: [...c.examples]
            .map(([value, count]) => ({ value, count }))
            .sort((a, b) => compareExample(a.value, b.value)),
        };
      }),
      scoreCounts: this.scoreCounts === null ? null : Array.from(this.scoreCounts),
      feedback: { ...this.feedback },
    };
  }

  /** The labelled events' accumulator (AUROC with DeLong CI, sensitivity, PPV, ECE…). Do not add to it. */
  performanceAccumulator(): BinaryClassificationAccumulator {
    return this.performance;
  }

  /** Rebuilds an aggregate stored by `toState`, checking it against the reference it claims. */
  static fromState(reference: ReferenceProfile, state: WindowAggregateState): WindowAggregate {
    const raw = state as unknown as Record<string, unknown> | null;
    if (raw === null || typeof raw !== 'object' || raw.version !== 1) {
      throw stateError('window_invalid_state', 'Not a version 1 window aggregate state.');
    }
    if (raw.reference !== reference.fingerprint) {
      throw stateError('window_reference_mismatch', 'The aggregate was counted against another reference profile.');
    }
    const aggregate = new WindowAggregate(reference);
    aggregate.eventCount = count(raw.events, 'events');
    const features = raw.features;
    if (!Array.isArray(features) || features.length !== aggregate.counters.length) {
      throw stateError('window_invalid_state', `The state needs ${aggregate.counters.length} features.`);
    }
    aggregate.counters.forEach((c, k) => {
      const f = features[k] as Record<string, unknown>;
      if (f === null || typeof f !== 'object' || f.name !== c.name || f.kind !== c.kind) {
        throw stateError('window_invalid_state', `The state's feature ${k} is not "${c.name}" (${c.kind}).`);
      }
      const missing = count(f.missing, `${c.name}.missing`);
      if (missing > aggregate.eventCount) {
        throw stateError('window_invalid_state', `${c.name}.missing exceeds the window's events.`);
      }
      c.present = aggregate.eventCount - missing;
      if (c.kind === 'numeric') {
        c.nonNumeric = count(f.nonNumeric, `${c.name}.nonNumeric`);
        c.deciles.set(counts(f.decileCounts, 10, `${c.name}.decileCounts`));
        if (c.grid !== null) {
          const pairs = f.gridCounts;
          if (!Array.isArray(pairs)) throw stateError('window_invalid_state', `${c.name}.gridCounts is missing.`);
          for (const pair of pairs as unknown[]) {
            if (!Array.isArray(pair) || pair.length !== 2) {
              throw stateError('window_invalid_state', `${c.name}.gridCounts holds [bin, count] pairs.`);
            }
            const bin = count(pair[0], `${c.name}.gridCounts bin`);
            if (bin >= c.grid.length)
              throw stateError('window_invalid_state', `${c.name}.gridCounts bin ${bin} is out of range.`);
            c.grid[bin] = count(pair[1], `${c.name}.gridCounts count`);
          }
        }
        const empty = f.min === null && f.max === null;
        c.min = empty ? Infinity : finite(f.min, `${c.name}.min`);
        c.max = empty ? -Infinity : finite(f.max, `${c.name}.max`);
      } else {
        c.counts.set(counts(f.categoryCounts, c.counts.length, `${c.name}.categoryCounts`));
        c.unseen = count(f.unseen, `${c.name}.unseen`);
        if (!Array.isArray(f.unseenExamples))
          throw stateError('window_invalid_state', `${c.name}.unseenExamples is missing.`);
        for (const e of f.unseenExamples as { value: unknown; count: unknown }[]) {
          if (typeof e?.value !== 'string')
            throw stateError('window_invalid_state', `${c.name}.unseenExamples holds strings.`);
          addExample(c.examples, e.value, count(e.count, `${c.name}.unseenExamples count`));
        }
      }
    });
    if (aggregate.scoreCounts !== null) aggregate.scoreCounts.set(counts(raw.scoreCounts, 10, 'scoreCounts'));
    const performance = BinaryClassificationAccumulator.fromState(raw.performance as BinaryClassificationState);
    if (performance.threshold !== aggregate.performance.threshold) {
      throw stateError('window_invalid_state', 'The state was counted at another operating threshold.');
    }
    aggregate.performance.merge(performance);
    const feedback = raw.feedback as Record<string, unknown> | null;
    if (feedback === null || typeof feedback !== 'object')
      throw stateError('window_invalid_state', 'feedback is missing.');
    for (const key of Object.keys(aggregate.feedback) as (keyof FeedbackCounts)[]) {
      aggregate.feedback[key] = count(feedback[key], `feedback.${key}`);
    }
    return aggregate;
  }
}

/** A numeric feature's value: binned when a finite number, counted apart when not a number, else missing. */
function countNumeric(counter: NumericCounter, raw: FeatureValue): void {
  if (typeof raw === 'number') {
    if (raw - raw === 0) {
      counter.present++;
      const bins = counter.bins;
      const located = bins.locate(raw);
      counter.deciles[bins.decileBin(raw, located)]++;
      if (counter.grid !== null) counter.grid[bins.gridBin(raw, located)]++;
      if (raw < counter.min) counter.min = raw;
      if (raw > counter.max) counter.max = raw;
    } else if (raw === raw) {
      counter.present++;
      counter.nonNumeric++; // ±Infinity
    }
  } else if (raw !== undefined && raw !== null && raw !== '') {
    counter.present++;
    counter.nonNumeric++;
  }
}

/** A categorical feature's value, as text: a reference category, or unseen (kept as an example). */
function countCategorical(counter: CategoricalCounter, raw: FeatureValue): void {
  if (raw === undefined || raw === null || raw === '' || (typeof raw === 'number' && Number.isNaN(raw))) return;
  counter.present++;
  const value = typeof raw === 'string' ? raw : String(raw);
  const i = counter.index.get(value);
  if (i !== undefined) counter.counts[i]++;
  else {
    counter.unseen++;
    addExample(counter.examples, value, 1);
  }
}

function ownValue(features: Readonly<Record<string, FeatureValue>>, name: string): FeatureValue {
  return Object.hasOwn(features, name) ? features[name] : undefined;
}

/**
 * Whether anything has given Object.prototype an enumerable property (for…in would then list it as a key of
 * every plain record). Never, in Vigil; checked so that it could not count a value no event holds.
 */
function objectPrototypeEnumerable(): boolean {
  for (const key in Object.prototype) if (key !== undefined) return true;
  return false;
}

const binsByReference = new WeakMap<ReferenceProfile, (NumericBins | null)[]>();

/** Each numeric feature's bins, built once per reference object and shared by all its aggregates. */
function numericBinsOf(reference: ReferenceProfile): (NumericBins | null)[] {
  let bins = binsByReference.get(reference);
  if (bins === undefined) {
    bins = reference.features.map((f) =>
      f.kind === 'numeric'
        ? new NumericBins(f.decileEdges, f.grid?.edges ?? null, f.grid === null ? undefined : [f.grid.min, f.grid.max])
        : null,
    );
    binsByReference.set(reference, bins);
  }
  return bins;
}

function checkEvent(event: WindowEvent): void {
  if (event === null || typeof event !== 'object' || event.features === null || typeof event.features !== 'object') {
    throw stateError('window_invalid_event', 'An event needs its feature values.');
  }
  if (!(typeof event.score === 'number' && event.score >= 0 && event.score <= 1)) {
    throw stateError(
      'window_invalid_event',
      `An event's score must be a probability in [0, 1], got ${String(event.score)}.`,
    );
  }
  const label = event.label;
  if (label !== undefined && label !== null && label !== 0 && label !== 1) {
    throw stateError('window_invalid_event', `A label must be 0 or 1, got ${String(label)}.`);
  }
  const action = event.feedback;
  if (action !== undefined && action !== null && !CLINICIAN_ACTIONS.includes(action)) {
    throw stateError(
      'window_invalid_event',
      `Feedback must be accepted, overridden or dismissed, got ${String(action)}.`,
    );
  }
}

/** 32-bit FNV-1a over UTF-16 code units: a stable order for the unseen-value sample. */
function fnv1a(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function compareExample(a: string, b: string): number {
  const d = fnv1a(a) - fnv1a(b);
  return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keeps the UNSEEN_EXAMPLES values with the smallest (hash, value). A value once dropped can never come back
 * (the cut only falls), so every kept value's count is exact, and the kept set depends only on the multiset.
 */
function addExample(examples: Map<string, number>, value: string, n: number): void {
  const current = examples.get(value);
  if (current !== undefined) {
    examples.set(value, current + n);
    return;
  }
  if (examples.size < UNSEEN_EXAMPLES) {
    examples.set(value, n);
    return;
  }
  let largest: string | null = null;
  for (const key of examples.keys()) if (largest === null || compareExample(key, largest) > 0) largest = key;
  if (largest !== null && compareExample(value, largest) < 0) {
    examples.delete(largest);
    examples.set(value, n);
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

function sparse(counts: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) out.push([i, counts[i]]);
  return out;
}

function count(value: unknown, what: string): number {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    throw stateError('window_invalid_state', `${what} must be a whole count, got ${String(value)}.`);
  }
  return value;
}

function counts(value: unknown, length: number, what: string): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw stateError('window_invalid_state', `${what} must hold ${length} counts.`);
  }
  return value.map((v, i) => count(v, `${what}[${i}]`));
}

function finite(value: unknown, what: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value))) {
    throw stateError('window_invalid_state', `${what} must be a finite number, got ${String(value)}.`);
  }
  return value;
}

function stateError(
  code: 'window_invalid_state' | 'window_invalid_event' | 'window_reference_mismatch',
  message: string,
) {
  return new WindowInputError(code, message);
}
