/** The summary series of the features without their own `feature` series (docs/drift-metrics.md). */
export const OTHER_FEATURES = '_other';

export const STREAM_LABELS = ['model', 'version', 'site'] as const;

/** One gauge family the exporter writes: its name, help text and label names. */
export interface DriftMetricFamily {
  name: string;
  help: string;
  labelNames: readonly string[];
}

const stream = (name: string, help: string): DriftMetricFamily => ({ name, help, labelNames: STREAM_LABELS });
const feature = (name: string, help: string): DriftMetricFamily => ({
  name,
  help,
  labelNames: [...STREAM_LABELS, 'feature'],
});
const OTHER = `feature="${OTHER_FEATURES}" holds the largest value among the features without a series of their own.`;

/**
 * Every family, in the order /metrics lists them. Per stream (model, version, site) of its latest evaluated
 * window; the per-feature families carry only the top-N features and the `_other` summary.
 */
export const DRIFT_METRIC_FAMILIES = {
  windowEvents: stream('vigil_drift_window_events', 'Events in the latest evaluated window of the stream.'),
  windowStart: stream(
    'vigil_drift_window_start_timestamp_seconds',
    'Start (inclusive) of the latest evaluated window, in seconds since the Unix epoch.',
  ),
  windowEnd: stream(
    'vigil_drift_window_end_timestamp_seconds',
    'End (exclusive) of the latest evaluated window, in seconds since the Unix epoch.',
  ),
  features: {
    name: 'vigil_drift_features',
    help:
      'Watched input features of the stream by PSI band in the latest window: stable < 0.1, moderate 0.1 to 0.25, ' +
      'major > 0.25, none = no values to compare.',
    labelNames: [...STREAM_LABELS, 'psi_band'],
  },
  psi: feature(
    'vigil_drift_psi',
    `Population stability index of an input feature in the latest window against the reference (unitless). ${OTHER}`,
  ),
  ks: feature(
    'vigil_drift_ks',
    'Kolmogorov-Smirnov D of a numeric input feature against the reference, 0 to 1 (read from the reference grid: ' +
      `a lower bound of the exact D). ${OTHER}`,
  ),
  missingChange: feature(
    'vigil_drift_missing_ratio_change',
    `Share of the window's events missing the feature minus the reference's share, -1 to 1. ${OTHER}`,
  ),
  unseenCategories: feature(
    'vigil_drift_unseen_category_ratio',
    "Share of a categorical feature's values outside the reference's categories, beyond the reference's own share " +
      `outside its list, 0 to 1. ${OTHER}`,
  ),
  predictionPsi: stream(
    'vigil_prediction_psi',
    "Population stability index of the model's scores in the latest window against the reference score deciles.",
  ),
  auroc: stream(
    'vigil_performance_auroc',
    'Area under the ROC curve over the events of the window whose outcome label has arrived, 0 to 1.',
  ),
  sensitivity: stream(
    'vigil_performance_sensitivity',
    "Sensitivity (true positive ratio) at the version's operating threshold over the labelled events, 0 to 1.",
  ),
  ppv: stream(
    'vigil_performance_ppv',
    'Positive predictive value at the operating threshold over the labelled events, 0 to 1.',
  ),
  ece: stream(
    'vigil_calibration_ece',
    'Expected calibration error (10 equal-width bins) over the labelled events, 0 to 1.',
  ),
  labelled: stream(
    'vigil_performance_labelled_events',
    'Events of the window whose outcome label has arrived: the sample the performance gauges are computed on.',
  ),
  labelCoverage: stream(
    'vigil_label_coverage_ratio',
    'Labelled events divided by events in the window, 0 to 1 (labels arrive days after the events).',
  ),
  referenceAuroc: stream(
    'vigil_performance_reference_auroc',
    'AUROC the version was approved on at this site (its validation), 0 to 1.',
  ),
  referenceSensitivity: stream(
    'vigil_performance_reference_sensitivity',
    'Sensitivity at the operating threshold the version was approved on at this site, 0 to 1.',
  ),
  referencePpv: stream(
    'vigil_performance_reference_ppv',
    'Positive predictive value the version was approved on at this site, 0 to 1.',
  ),
  feedbackResponses: stream(
    'vigil_feedback_responses',
    'Clinician responses (accepted, overridden or dismissed) to the alerts shown in the window.',
  ),
  override: stream(
    'vigil_override_ratio',
    'Share of the clinician responses to shown alerts that overrode the model, 0 to 1.',
  ),
  acceptance: stream(
    'vigil_acceptance_ratio',
    'Share of the clinician responses to shown alerts that accepted the alert, 0 to 1.',
  ),
  ticketsOpen: {
    name: 'vigil_governance_tickets_open',
    help: 'Governance tickets not yet closed (open or recovering), by model, site, signal and severity.',
    labelNames: ['model', 'site', 'signal', 'severity'],
  },
} as const satisfies Record<string, DriftMetricFamily>;

export type DriftMetricKey = keyof typeof DRIFT_METRIC_FAMILIES;
