import type {
  CategoricalFeatureDrift,
  NumericFeatureDrift,
  WindowFeedback,
  WindowPerformance,
  WindowReport,
} from '@vigil/drift';
import type { StreamSnapshot } from '../stream-snapshot';

// Small builders of window reports as `summariseWindow` returns them, with every value set unless overridden.

export function numericFeature(feature: string, over: Partial<NumericFeatureDrift> = {}): NumericFeatureDrift {
  return {
    kind: 'numeric',
    feature,
    missing: 10,
    missingShare: 0.01,
    referenceMissingShare: 0.01,
    missingRateChange: 0,
    psi: 0.02,
    nonNumeric: 0,
    jsDistance: 0.05,
    ks: 0.03,
    ksBounds: [0.03, 0.035],
    wasserstein: 0.4,
    wassersteinBounds: [0.39, 0.41],
    ...over,
  };
}

export function categoricalFeature(
  feature: string,
  over: Partial<CategoricalFeatureDrift> = {},
): CategoricalFeatureDrift {
  return {
    kind: 'categorical',
    feature,
    missing: 0,
    missingShare: 0,
    referenceMissingShare: 0,
    missingRateChange: 0,
    psi: 0.01,
    chi2: 3.2,
    chi2PValue: 0.36,
    unseen: 0,
    unseenShare: 0,
    unseenRate: 0,
    unseenExamples: [],
    ...over,
  };
}

export interface WindowReportOverrides {
  events?: number;
  features?: WindowReport['features'];
  prediction?: WindowReport['prediction'];
  performance?: Partial<WindowPerformance>;
  feedback?: Partial<WindowFeedback>;
}

export function windowReport(over: WindowReportOverrides = {}): WindowReport {
  return {
    events: over.events ?? 1000,
    features: over.features ?? [numericFeature('lactate'), categoricalFeature('admission_source')],
    prediction: over.prediction === undefined ? { psi: 0.04, jsDistance: 0.06 } : over.prediction,
    performance: {
      labelled: 600,
      labelCoverage: 0.6,
      positives: 120,
      negatives: 480,
      threshold: 0.5,
      auroc: 0.83,
      aurocCi95: [0.79, 0.87],
      sensitivity: 0.71,
      sensitivityCi95: [0.62, 0.78],
      ppv: 0.44,
      ppvCi95: [0.37, 0.51],
      ece: 0.031,
      eceCi95: [0.01, 0.07],
      ...over.performance,
    },
    feedback: {
      alertsShown: 200,
      responses: 150,
      accepted: 100,
      overridden: 35,
      dismissed: 15,
      withoutAlert: 2,
      overrideRate: 35 / 150,
      overrideRateCi95: [0.17, 0.31],
      acceptanceRate: 100 / 150,
      acceptanceRateCi95: [0.59, 0.74],
      ...over.feedback,
    },
  };
}

export function streamSnapshot(over: Partial<StreamSnapshot> = {}): StreamSnapshot {
  return {
    model: 'sepsis-ews',
    version: 3,
    site: 'st-olav',
    windowStart: new Date('2026-11-22T10:00:00Z'),
    windowEnd: new Date('2026-11-22T11:00:00Z'),
    report: windowReport(),
    referencePerformance: { auroc: 0.86, sensitivity: 0.75, ppv: 0.47 },
    ...over,
  };
}
