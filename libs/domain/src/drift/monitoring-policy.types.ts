import type { MonitoringSignal } from './monitoring-signals';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Labelled events a performance window needs when the rule does not say (AUROC on fewer is mostly noise). */
export const DEFAULT_MIN_LABELLED = 100;
/** Clinician feedback a feedback window needs when the rule does not say. */
export const DEFAULT_MIN_FEEDBACK = 30;
/** How long after a window ends its input, prediction and feedback signals are judged, when the policy does not say. */
export const DEFAULT_EVALUATION_DELAY_MS = 5 * 60_000;
/** How long after a window ends its performance signals are judged (outcomes arrive days late), when not said. */
export const DEFAULT_LABEL_DELAY_MS = 3 * 86_400_000;

export interface EscalationRule {
  /** How long an open ticket may stay unacknowledged, from its opening. */
  afterMs: number;
  /** Who is told when it does. */
  to: string;
}

/**
 * One watched signal, normalised: durations in milliseconds, defaults filled in, and the policy's `minEvents`
 * copied in when the rule does not override it, so a rule alone is enough to judge a window.
 */
export interface SignalRule {
  signal: MonitoringSignal;
  /** A window worse than this is crossed. */
  threshold: number;
  /** A window better than this counts towards closing; strictly on the safe side of `threshold`. */
  recovery: number;
  /** Crossed windows in a row (among judged windows) before a ticket opens. */
  consecutiveWindows: number;
  /** Recovered windows in a row (among judged windows) before the ticket closes. */
  recoveryWindows: number;
  severity: Severity;
  owner: string;
  escalation?: EscalationRule;
  /** After a ticket closes, how long the same incident key may not open another. */
  coolDownMs: number;
  minEvents: number;
  /** Performance signals only. */
  minLabelled?: number;
  /** Feedback signals only. */
  minFeedback?: number;
}

export interface MonitoringPolicy {
  /** Tumbling window length. */
  windowMs: number;
  /** The default minimum of events for a window to be judged. */
  minEvents: number;
  /**
   * How long after a window ends its input, prediction and feedback signals are judged, so events posted a
   * little late (a batching inference node, a retried request) still count in their window.
   */
  evaluationDelayMs: number;
  /**
   * How long after a window ends its performance signals are judged, over the outcomes that arrived by then:
   * labels come days after the prediction. Never shorter than `evaluationDelayMs`.
   */
  labelDelayMs: number;
  signals: SignalRule[];
}
