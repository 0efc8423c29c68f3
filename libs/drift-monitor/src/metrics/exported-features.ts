import { type FeatureDrift, psiBand } from '@vigil/drift';
import { OTHER_FEATURES } from './drift-metric-families';

/** The per-feature values /metrics exports; null where the statistic does not apply or could not be computed. */
export interface FeatureSeriesValues {
  psi: number | null;
  /** Numeric features only. */
  ks: number | null;
  missingRatioChange: number | null;
  /** Categorical features only. */
  unseenCategoryRatio: number | null;
}

export type ExportedPsiBand = 'stable' | 'moderate' | 'major' | 'none';

export interface ExportedFeatures {
  /** The features with a series of their own, highest PSI first (no PSI last, then by name). */
  named: { feature: string; values: FeatureSeriesValues }[];
  /** Per statistic, the largest value among all the other features; null when every feature is named. */
  other: FeatureSeriesValues | null;
  /** All watched features counted by PSI band. */
  bands: Record<ExportedPsiBand, number>;
}

/**
 * Chooses which of a window's features get their own `feature` series (at most `topFeatures` of them) and
 * summarises the rest, so a stream has at most topFeatures + 1 series per per-feature family however many
 * features it watches. The slots go, in this order, to: the highest PSI; the largest rise in missing share and
 * the largest unseen-category ratio when those are above 0 (a feed sending blanks or new codes can leave PSI
 * unmoved); then the next highest PSI. So with topFeatures ≥ 3 the worst feature of each of the monitor's input
 * signals (input_psi, missing_rate, unseen_category_rate) is always named, and the maximum of every family over
 * a stream's series (named and `_other`) is the worst value over all its features. A feature literally named
 * `_other`, or with an empty name, is never named (it would collide with the summary or read as no label).
 */
export function selectExportedFeatures(features: readonly FeatureDrift[], topFeatures: number): ExportedFeatures {
  const all = features.map((f) => ({ feature: f.feature, values: seriesValues(f) }));
  const bands: Record<ExportedPsiBand, number> = { stable: 0, moderate: 0, major: 0, none: 0 };
  for (const f of all) bands[f.values.psi === null ? 'none' : psiBand(f.values.psi)]++;

  const nameable = all.filter((f) => f.feature !== OTHER_FEATURES && f.feature !== '');
  const byPsi = [...nameable].sort(byPsiThenName);
  const worstBy = (value: (v: FeatureSeriesValues) => number | null) => {
    let worst: (typeof all)[number] | undefined;
    for (const f of byPsi) {
      const x = value(f.values);
      if (x !== null && x > 0 && (worst === undefined || x > (value(worst.values) as number))) worst = f;
    }
    return worst;
  };
  const candidates = [
    byPsi[0],
    worstBy((v) => v.missingRatioChange),
    worstBy((v) => v.unseenCategoryRatio),
    ...byPsi.slice(1),
  ];
  const chosen = new Set<(typeof all)[number]>();
  for (const c of candidates) {
    if (chosen.size >= topFeatures) break;
    if (c !== undefined) chosen.add(c);
  }
  const named = [...chosen].sort(byPsiThenName);
  const rest = all.filter((f) => !chosen.has(f));
  return {
    named,
    other:
      rest.length === 0
        ? null
        : {
            psi: maxOf(rest, (v) => v.psi),
            ks: maxOf(rest, (v) => v.ks),
            missingRatioChange: maxOf(rest, (v) => v.missingRatioChange),
            unseenCategoryRatio: maxOf(rest, (v) => v.unseenCategoryRatio),
          },
    bands,
  };
}

function seriesValues(f: FeatureDrift): FeatureSeriesValues {
  return {
    psi: finite(f.psi),
    ks: f.kind === 'numeric' ? finite(f.ks) : null,
    missingRatioChange: finite(f.missingRateChange),
    unseenCategoryRatio: f.kind === 'categorical' ? finite(f.unseenRate) : null,
  };
}

/** A value that cannot be exported as a number (null, NaN, ±Infinity) is no value: its series is absent. */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function byPsiThenName(
  a: { feature: string; values: FeatureSeriesValues },
  b: { feature: string; values: FeatureSeriesValues },
): number {
  const pa = a.values.psi;
  const pb = b.values.psi;
  if (pa !== pb) {
    if (pa === null) return 1;
    if (pb === null) return -1;
    return pb - pa;
  }
  return a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0;
}

function maxOf(
  features: readonly { values: FeatureSeriesValues }[],
  value: (v: FeatureSeriesValues) => number | null,
): number | null {
  let max: number | null = null;
  for (const f of features) {
    const x = value(f.values);
    if (x !== null && (max === null || x > max)) max = x;
  }
  return max;
}
