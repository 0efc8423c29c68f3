import type { IncidentStatus, MonitoringPolicy, MonitoringSignal, TicketAction, WindowJudgement } from '@vigil/domain';

/**
 * What happens at a simulated site. `stable`: nothing. `shift`: from `changeDay`, some features read
 * `shiftSize` standard deviations high, as after a scanner or lab-analyser change (the patients are the same,
 * so outcomes still follow the true values). `decay`: from `changeDay`, a share `decayStrength` of outcomes no
 * longer follows what the model sees (the population's inputs and scores do not move; only outcomes reveal it).
 */
export type SimulationScenario = 'stable' | 'shift' | 'decay';

export interface SimulatedSite {
  site: string;
  scenario: SimulationScenario;
  /** First day (0-based) the change applies to events; ignored for `stable`. */
  changeDay?: number;
  /** `shift`: the features that move (default lactate and creatinine). */
  shiftedFeatures?: readonly string[];
  /** `shift`: how far, in standard deviations (default 0.8). */
  shiftSize?: number;
  /** `decay`: the share of outcomes that stop following the model's signal (default 0.5). */
  decayStrength?: number;
}

export interface SimulationOptions {
  policy: MonitoringPolicy;
  /** Simulated days (default 30). */
  days?: number;
  /** Any integer: the same seed gives the same timeline. */
  seed: number;
  /** Mean events per day at each site (±10% day to day; default 2000). */
  eventsPerDay?: number;
  /** Default: `defaultSimulatedSites()` — stable, shift from day 10, decay from day 12. */
  sites?: readonly SimulatedSite[];
  /**
   * How long after a window ends its performance is judged, over the outcomes arrived by then (default: the
   * policy's `labelDelay`, 3 days unless it says otherwise).
   */
  labelHorizonMs?: number;
  /** How long after a window ends its other signals are judged (default: the policy's `evaluationDelay`, 5m). */
  evaluationDelayMs?: number;
  /** How often deadlines (escalation, cool-down) are checked between evaluations (default hourly). */
  tickMs?: number;
  /** The owner acknowledges a new ticket this long after it opens; null: nobody does (default). */
  acknowledgeAfterMs?: number | null;
  /** Events in the training sample the reference profile is frozen from (default 20,000). */
  referenceEvents?: number;
  /** Day 0 at 00:00 UTC (default 2026-01-05). */
  start?: Date;
}

/** The reference profile, frozen from a training sample as at approval. */
export interface SimulatedReference {
  events: number;
  auroc: number;
  sensitivity: number;
  ppv: number;
  /** A score at or above it raises an alert. */
  operatingThreshold: number;
}

/** One signal of one window: what was measured, how it was judged, and what the incident did. */
export interface SimulatedSignalCell {
  signal: MonitoringSignal;
  value: number | null;
  ci: readonly [number, number] | null;
  /** Events whose outcome had arrived when judged (performance signals). */
  labelled: number | null;
  /** Clinician responses in the window (feedback signals). */
  feedback: number | null;
  worstFeatures: readonly { feature: string; value: number }[];
  /** When the monitor judged it; null when that falls after the simulated period (outcomes still due). */
  evaluatedAt: Date | null;
  judgement: WindowJudgement | null;
  reason: string | null;
  /** The incident's status after this window was applied; null when not evaluated. */
  status: IncidentStatus | null;
  /** What this window's evaluation did to the ticket. */
  actions: TicketAction['kind'][];
}

export interface SimulatedWindow {
  index: number;
  /** The day (0-based) the window starts in. */
  day: number;
  start: Date;
  end: Date;
  events: number;
  signals: SimulatedSignalCell[];
}

/** A ticket action with when it happened and, for those a window caused, which window. */
export interface SimulatedTicketEvent {
  at: Date;
  /** The day (0-based) `at` falls in. */
  day: number;
  signal: MonitoringSignal;
  kind: TicketAction['kind'];
  /** The window whose evaluation caused it; null for deadlines (escalation). */
  window: number | null;
  summary: string;
}

export interface SimulatedSiteSummary {
  tickets: number;
  opened: { signal: MonitoringSignal; window: number; day: number; at: Date }[];
  escalations: number;
  closed: number;
  /** Each signal's incident status at the end of the simulated period. */
  finalStatus: Partial<Record<MonitoringSignal, IncidentStatus>>;
}

export interface SimulatedSiteTimeline {
  site: string;
  scenario: SimulationScenario;
  changeDay: number | null;
  /** The change in words. */
  description: string;
  windows: SimulatedWindow[];
  /** Every ticket action, in time order. */
  tickets: SimulatedTicketEvent[];
  summary: SimulatedSiteSummary;
}

export interface SimulationResult {
  seed: number;
  days: number;
  eventsPerDay: number;
  start: Date;
  windowMs: number;
  labelHorizonMs: number;
  evaluationDelayMs: number;
  signals: MonitoringSignal[];
  features: readonly string[];
  reference: SimulatedReference;
  sites: SimulatedSiteTimeline[];
}
