// Deterministic synthetic events for the window-evaluation benchmark: a reference sample and a window of events
// with 27 numeric and 3 categorical features, a score, alerts, outcomes for 30% and clinician feedback. The same
// chunk index always gives the same events, so the in-memory run and the run from PostgreSQL count identical
// windows (the benchmark checks their reports agree).
import { mulberry32 } from '@vigil/stats';

export const NUMERIC_FEATURES = Array.from({ length: 27 }, (_, i) => `num_${String(i + 1).padStart(2, '0')}`);
export const CATEGORICAL_FEATURES = ['admission_source', 'ward', 'triage'];
const CATEGORIES = [
  ['ED', 'ward', 'ICU', 'theatre', 'transfer'],
  ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'D', 'E'],
  ['T1', 'T2', 'T3', 'T4', 'T5'],
];
/** Share of events whose outcome arrives, and of shown alerts a clinician answers. */
export const LABELLED_SHARE = 0.3;
export const FEEDBACK_SHARE = 0.6;
export const ALERT_THRESHOLD = 0.5;
const FEEDBACK_ACTIONS = ['accepted', 'overridden', 'dismissed'] as const;

/** One chunk of events, column-wise (NaN: missing; label −1: no outcome; feedback −1: none). */
export interface EventColumns {
  count: number;
  /** Index of the chunk's first event in the window. */
  first: number;
  numeric: Float64Array[];
  categorical: string[][];
  score: Float64Array;
  label: Int8Array;
  feedback: Int8Array;
}

interface Shape {
  /** Per numeric feature: location shift (0 in the reference) and how values are drawn. */
  shift: (feature: number) => number;
  unseenShare: number;
}

const REFERENCE: Shape = { shift: () => 0, unseenShare: 0 };
// The window moved a little: two features shifted, one more spread, 1% of a categorical feature's codes new.
const WINDOW: Shape = { shift: (f) => (f === 0 ? 0.4 : f === 5 ? -0.25 : 0), unseenShare: 0.01 };

/** Columns for `capacity` events, to fill again and again (no garbage per chunk but the events themselves). */
export function eventColumns(capacity: number): EventColumns {
  return {
    count: 0,
    first: 0,
    numeric: NUMERIC_FEATURES.map(() => new Float64Array(capacity)),
    categorical: CATEGORICAL_FEATURES.map(() => new Array<string>(capacity)),
    score: new Float64Array(capacity),
    label: new Int8Array(capacity),
    feedback: new Int8Array(capacity),
  };
}

function generate(seed: number, first: number, count: number, shape: Shape, into = eventColumns(count)): EventColumns {
  const random = mulberry32((seed ^ Math.imul(first + 1, 0x9e3779b1)) >>> 0);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { numeric, categorical, score, label, feedback } = into;
  if (score.length < count) throw new RangeError(`the columns hold ${score.length} events, not ${count}`);
  for (let i = 0; i < count; i++) {
    let logit = -1.5;
    for (let f = 0; f < numeric.length; f++) {
      if (random() < 0.02 + (f % 5) * 0.005) {
        numeric[f][i] = Number.NaN;
        continue;
      }
      const z = normal() + shape.shift(f);
      // A mix of shapes clinical features have: symmetric, skewed (lab values), coarse (counts), rounded.
      const value =
        f % 4 === 0 ? 50 + 10 * z : f % 4 === 1 ? Math.exp(0.5 * z) : f % 4 === 2 ? Math.round(8 + 3 * z) : z;
      numeric[f][i] = f % 4 === 2 ? value : Math.round(value * 1e6) / 1e6;
      if (f < 6) logit += 0.35 * z;
    }
    for (let c = 0; c < categorical.length; c++) {
      const codes = CATEGORIES[c];
      categorical[c][i] =
        random() < shape.unseenShare && c === 1
          ? `X${Math.floor(random() * 40)}`
          : codes[Math.floor(random() ** 1.5 * codes.length)];
    }
    const p = 1 / (1 + Math.exp(-logit));
    score[i] = p;
    label[i] = random() < LABELLED_SHARE ? (random() < p ? 1 : 0) : -1;
    feedback[i] = p >= ALERT_THRESHOLD && random() < FEEDBACK_SHARE ? Math.floor(random() * 3) : -1;
  }
  into.count = count;
  into.first = first;
  return into;
}

/** The reference sample (fully labelled, as a validation dataset), `count` rows. */
export function referenceColumns(seed: number, count: number): EventColumns {
  const columns = generate(seed ^ 0x5eed, 0, count, REFERENCE);
  // Every reference row has its outcome.
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) columns.label[i] = random() < columns.score[i] ? 1 : 0;
  return columns;
}

/** Events `first` … `first + count − 1` of the window (written into `into` when given). */
export function windowColumns(seed: number, first: number, count: number, into?: EventColumns): EventColumns {
  return generate(seed, first, count, WINDOW, into);
}

export interface BenchWindowEvent {
  features: Record<string, number | string | null>;
  score: number;
  alertShown: boolean;
  label: 0 | 1 | null;
  feedback: (typeof FEEDBACK_ACTIONS)[number] | null;
}

/** The feature values of event i as an inference node posts them (null for missing). */
export function featuresOf(columns: EventColumns, i: number): Record<string, number | string | null> {
  const features: Record<string, number | string | null> = {};
  for (let f = 0; f < NUMERIC_FEATURES.length; f++) {
    const v = columns.numeric[f][i];
    features[NUMERIC_FEATURES[f]] = Number.isNaN(v) ? null : v;
  }
  for (let c = 0; c < CATEGORICAL_FEATURES.length; c++) features[CATEGORICAL_FEATURES[c]] = columns.categorical[c][i];
  return features;
}

/**
 * The chunk's events as the reader hands them over. Their feature records come from JSON.parse, as the reader's
 * do: V8 gives those one shared shape, where 30 properties added one by one would make each record a dictionary
 * (several times slower to read, and not what the monitor ever sees).
 */
export function toWindowEvents(columns: EventColumns): BenchWindowEvent[] {
  const texts = new Array<string>(columns.count);
  for (let i = 0; i < columns.count; i++) texts[i] = JSON.stringify(featuresOf(columns, i));
  const features = JSON.parse(`[${texts.join(',')}]`) as BenchWindowEvent['features'][];
  const events = new Array<BenchWindowEvent>(columns.count);
  for (let i = 0; i < columns.count; i++) {
    const label = columns.label[i];
    const feedback = columns.feedback[i];
    events[i] = {
      features: features[i],
      score: columns.score[i],
      alertShown: columns.score[i] >= ALERT_THRESHOLD,
      label: label < 0 ? null : (label as 0 | 1),
      feedback: feedback < 0 ? null : FEEDBACK_ACTIONS[feedback],
    };
  }
  return events;
}

export function feedbackAction(code: number): (typeof FEEDBACK_ACTIONS)[number] {
  return FEEDBACK_ACTIONS[code];
}
