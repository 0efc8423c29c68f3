/**
 * What the drift monitor knows about one model version right now, per site, as
 * `GET /api/v1/models/{name}/versions/{version}/monitoring[?site=]` returns it (docs/api.md, `vigil monitor
 * status`). Instants are ISO strings. Read-only: it is assembled from the frozen references, the evaluated
 * windows and the incident states; nothing here is computed on request.
 */

/** Where the site's reference came from, frozen when the first window was judged. */
export interface MonitoringReference {
  /** `validation`: a passed validation run at the site (scores and performance known); `training`: the training dataset's profile only. */
  source: 'validation' | 'training';
  /** The dataset's name, e.g. `icu-2025q3`. */
  dataset: string;
  frozenAt: string;
  /** What the reference does not have and which signals are therefore not judged, in words. */
  lacks: string[];
}

/** One signal as the latest window of its phase judged it, beside the levels of the policy it was judged by. */
export interface MonitoringSignalReading {
  value: number | null;
  /** 95% interval of the value, for performance signals; null otherwise or when it could not be computed. */
  ci: [number, number] | null;
  judgement: 'crossed' | 'recovered' | 'between' | 'not_judged';
  /** Why it was judged so, e.g. `too few labelled events (41 < 100)`. */
  reason: string;
  threshold: number;
  recovery: number;
  /** The incident's status right after this window was judged. */
  status: MonitoringIncidentStatus;
  /** For input signals: the features with the worst values, worst first; empty otherwise. */
  worstFeatures: { feature: string; value: number }[];
  /** Labelled events in the window (performance signals), else null. */
  labelled: number | null;
  /** Clinician feedback in the window (feedback signals), else null. */
  feedback: number | null;
}

/** The latest evaluated window of one phase: `inputs` (input, prediction, feedback signals) or `performance`. */
export interface MonitoringWindow {
  phase: 'inputs' | 'performance';
  windowStart: string;
  windowEnd: string;
  events: number;
  evaluatedAt: string;
  /** By signal name (`input_psi`, `auroc_drop`, …): only the signals the policy watches in this phase. */
  signals: Record<string, MonitoringSignalReading>;
}

export type MonitoringIncidentStatus = 'quiet' | 'pending' | 'open' | 'recovering' | 'cooling_down';

/** Where one (site, signal) incident stands now. */
export interface MonitoringIncident {
  signal: string;
  status: MonitoringIncidentStatus;
  /** The open (or last closed) ticket, `VGL-<n>`; null when none was opened. */
  ticket: string | null;
  /** While `cooling_down`: when the key may open a ticket again. */
  coolDownUntil: string | null;
}

export interface MonitoringSiteStatus {
  site: string;
  /** Null until the monitor has frozen a reference for the site (no window judged yet). */
  reference: MonitoringReference | null;
  /** The latest window per phase; empty until one was judged. */
  windows: MonitoringWindow[];
  incidents: MonitoringIncident[];
}

export interface MonitoringStatus {
  model: string;
  version: number;
  /** Sites by name; only the asked-for site with `?site=`. */
  sites: MonitoringSiteStatus[];
}
