import {
  acknowledgeIncident,
  checkIncidentDeadlines,
  type IncidentKey,
  type IncidentState,
  initialIncidentState,
  type MonitoredWindow,
  nextIncidentState,
  type SignalRule,
  signalDefinition,
  type TicketAction,
  windowEvidence,
} from '@vigil/domain';
import { type ObservedWindow, observeWindow } from '../window/observe-window';
import type { ReferenceProfile } from '../window/reference-profile';
import { type ClinicianAction, WindowAggregate, type WindowEvent } from '../window/window-aggregate';
import { defaultSimulatedSites } from './default-simulation';
import { SeededRandom } from './seeded-random';
import {
  DEFAULT_DECAY_STRENGTH,
  DEFAULT_SHIFTED_FEATURES,
  DEFAULT_SHIFT_SIZE,
  type EventBatch,
  FEEDBACK,
  generateEvents,
  ADMISSION_SOURCES,
  REFERENCE_BEHAVIOUR,
  SIMULATED_FEATURES,
  siteBehaviour,
} from './simulated-population';
import { ADMISSION_SOURCE, freezeSimulatedReference } from './simulated-training-reference';
import type {
  SimulatedSignalCell,
  SimulatedSite,
  SimulatedSiteTimeline,
  SimulatedTicketEvent,
  SimulatedWindow,
  SimulationOptions,
  SimulationResult,
} from './simulation.types';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const SIMULATION_MODEL = 'simulated-model';
export const SIMULATION_VERSION = 1;
export const MAX_SIMULATED_DAYS = 366;
export const MAX_EVENTS_PER_DAY = 1_000_000;

/**
 * Simulates sites feeding the drift monitor and runs the monitoring policy over them, exactly as the monitor
 * would: seeded events (features, score, alert, outcomes that arrive days late, clinician feedback) per site,
 * tumbling windows judged against a reference frozen from a training sample, and the domain's incident state
 * machine with its deadlines ticking. Returns the whole timeline; deterministic for a seed.
 */
export function simulateSites(options: SimulationOptions): SimulationResult {
  const { policy, seed } = options;
  const days = options.days ?? 30;
  const eventsPerDay = options.eventsPerDay ?? 2000;
  // The policy's own delays, as the monitor applies them, unless the caller overrides them.
  const labelHorizonMs = options.labelHorizonMs ?? policy.labelDelayMs;
  const evaluationDelayMs = options.evaluationDelayMs ?? policy.evaluationDelayMs;
  const tickMs = options.tickMs ?? HOUR_MS;
  const acknowledgeAfterMs = options.acknowledgeAfterMs ?? null;
  const start = options.start ?? new Date(Date.UTC(2026, 0, 5));
  const sites = options.sites ?? defaultSimulatedSites();
  checkOptions(days, eventsPerDay, seed, sites, tickMs);

  const reference = freezeSimulatedReference(
    generateEvents(
      SeededRandom.derive(seed, 'reference'),
      REFERENCE_BEHAVIOUR,
      options.referenceEvents ?? 20_000,
      start.getTime() - 90 * DAY_MS,
      start.getTime(),
      start.getTime(),
    ),
  );
  const t0 = start.getTime();
  const windowCount = Math.floor((days * DAY_MS) / policy.windowMs);
  // The clock runs until the last window's inputs are judged; its outcomes are still due then.
  const endMs = t0 + days * DAY_MS + evaluationDelayMs;
  const context: SiteContext = {
    t0,
    endMs,
    windowMs: policy.windowMs,
    windowCount,
    eventsPerDay,
    labelHorizonMs,
    evaluationDelayMs,
    tickMs,
    acknowledgeAfterMs,
    reference: reference.profile,
    seed,
  };
  return {
    seed,
    days,
    eventsPerDay,
    start,
    windowMs: policy.windowMs,
    labelHorizonMs,
    evaluationDelayMs,
    signals: policy.signals.map((r) => r.signal),
    features: SIMULATED_FEATURES,
    reference: reference.summary,
    sites: sites.map((site) => simulateSite(site, policy.signals, context)),
  };
}

interface SiteContext {
  t0: number;
  endMs: number;
  windowMs: number;
  windowCount: number;
  eventsPerDay: number;
  labelHorizonMs: number;
  evaluationDelayMs: number;
  tickMs: number;
  acknowledgeAfterMs: number | null;
  reference: ReferenceProfile;
  seed: number;
}

function simulateSite(site: SimulatedSite, rules: readonly SignalRule[], c: SiteContext): SimulatedSiteTimeline {
  const behaviour = siteBehaviour(site);
  const random = SeededRandom.derive(c.seed, `site:${site.site}`);
  const perWindow = (c.eventsPerDay * c.windowMs) / DAY_MS;
  const windows: SimulatedWindow[] = [];
  const monitored: MonitoredWindow[][] = rules.map(() => []);
  const evaluatedAt: (number | null)[][] = rules.map(() => []);
  for (let w = 0; w < c.windowCount; w++) {
    const from = c.t0 + w * c.windowMs;
    const to = from + c.windowMs;
    const count = Math.round(perWindow * (0.9 + 0.2 * random.next()));
    const batch: EventBatch = generateEvents(random, behaviour, count, from, to, c.t0);
    const evaluations = rules.map(
      (rule) => to + (signalDefinition(rule.signal).kind === 'performance' ? c.labelHorizonMs : c.evaluationDelayMs),
    );
    const observations = observeAsTheMonitor(batch, rules, evaluations, c.reference);
    const cells: SimulatedSignalCell[] = rules.map((rule, r) => {
      const at = evaluations[r];
      const observation = observations[r];
      const window: MonitoredWindow = { start: new Date(from), end: new Date(to), observation };
      const due = at <= c.endMs;
      monitored[r].push(window);
      evaluatedAt[r].push(due ? at : null);
      const evidence = due ? windowEvidence(rule, window) : null;
      return {
        signal: rule.signal,
        value: observation.value,
        ci: observation.ci ?? null,
        labelled: observation.labelled ?? null,
        feedback: observation.feedback ?? null,
        worstFeatures: (observation.worstFeatures ?? []).map((f) => ({ feature: f.feature, value: f.value })),
        evaluatedAt: due ? new Date(at) : null,
        judgement: evidence?.judgement ?? null,
        reason: evidence?.reason ?? null,
        status: null,
        actions: [],
      };
    });
    windows.push({
      index: w,
      day: Math.floor(w * (c.windowMs / DAY_MS)),
      start: new Date(from),
      end: new Date(to),
      events: count,
      signals: cells,
    });
  }

  const tickets: SimulatedTicketEvent[] = [];
  const finalStatus: SimulatedSiteTimeline['summary']['finalStatus'] = {};
  rules.forEach((rule, r) => {
    const key: IncidentKey = {
      model: SIMULATION_MODEL,
      version: SIMULATION_VERSION,
      site: site.site,
      signal: rule.signal,
    };
    const state = driveIncident(
      rule,
      key,
      monitored[r],
      evaluatedAt[r],
      c,
      (w, status, actions) => {
        if (w !== null) {
          windows[w].signals[r].status = status;
          windows[w].signals[r].actions = actions.map((a) => a.kind);
        }
      },
      (at, w, action) => {
        tickets.push({
          at: new Date(at),
          day: Math.floor((at - c.t0) / DAY_MS),
          signal: rule.signal,
          kind: action.kind,
          window: w,
          summary: action.summary,
        });
      },
    );
    finalStatus[rule.signal] = state.status;
  });
  tickets.sort((a, b) => a.at.getTime() - b.at.getTime());

  const opened = tickets
    .filter((t) => t.kind === 'open_ticket')
    .map((t) => ({ signal: t.signal, window: t.window as number, day: windows[t.window as number].day, at: t.at }));
  return {
    site: site.site,
    scenario: site.scenario,
    changeDay: site.scenario === 'stable' ? null : (site.changeDay ?? null),
    description: describeSite(site),
    windows,
    tickets,
    summary: {
      tickets: opened.length,
      opened,
      escalations: tickets.filter((t) => t.kind === 'escalate').length,
      closed: tickets.filter((t) => t.kind === 'close_ticket').length,
      finalStatus,
    },
  };
}

/**
 * Each rule's observation of one window, computed as the drift monitor computes it: for each evaluation time,
 * the window's events with the outcomes arrived by then (and the clinicians' feedback) counted into a
 * `WindowAggregate` against the frozen reference, then `observeWindow` for the rules judged at that time.
 */
function observeAsTheMonitor(
  batch: EventBatch,
  rules: readonly SignalRule[],
  evaluations: readonly number[],
  reference: ReferenceProfile,
): ObservedWindow[] {
  const observations: ObservedWindow[] = new Array<ObservedWindow>(rules.length);
  const features = featureRecords(batch);
  for (const at of new Set(evaluations)) {
    const aggregate = WindowAggregate.create(reference);
    for (let i = 0; i < batch.count; i++) {
      const event: WindowEvent = {
        features: features[i],
        score: batch.score[i],
        alertShown: batch.alert[i] === 1,
        label: batch.labelAt[i] <= at ? (batch.label[i] as 0 | 1) : null,
        feedback: CLINICIAN_ACTION[batch.feedback[i]],
      };
      aggregate.add(event);
    }
    const judgedNow = rules.filter((_, r) => evaluations[r] === at);
    const observed = observeWindow(judgedNow, reference, aggregate);
    rules.forEach((rule, r) => {
      if (evaluations[r] === at) observations[r] = observed.get(rule.signal) as ObservedWindow;
    });
  }
  return observations;
}

const CLINICIAN_ACTION: Record<number, ClinicianAction | null> = {
  [FEEDBACK.none]: null,
  [FEEDBACK.accepted]: 'accepted',
  [FEEDBACK.overridden]: 'overridden',
  [FEEDBACK.dismissed]: 'dismissed',
};

/** The events' feature values as an inference node posts them: numbers, a category code, null when missing. */
function featureRecords(batch: EventBatch): Record<string, number | string | null>[] {
  const f = SIMULATED_FEATURES.length;
  const records = new Array<Record<string, number | string | null>>(batch.count);
  for (let i = 0; i < batch.count; i++) {
    const record: Record<string, number | string | null> = {};
    for (let j = 0; j < f; j++) {
      const v = batch.features[i * f + j];
      record[SIMULATED_FEATURES[j]] = Number.isNaN(v) ? null : v;
    }
    record[ADMISSION_SOURCE] = ADMISSION_SOURCES[batch.admissionSource[i]];
    records[i] = record;
  }
  return records;
}

/**
 * One incident key through its windows, in time order with the deadline timer ticking between evaluations (as
 * the server's timer would) and, if asked, the owner acknowledging each new ticket after a while.
 */
function driveIncident(
  rule: SignalRule,
  key: IncidentKey,
  windows: readonly MonitoredWindow[],
  evaluatedAt: readonly (number | null)[],
  c: SiteContext,
  onWindow: (w: number | null, status: IncidentState['status'], actions: TicketAction[]) => void,
  onAction: (at: number, w: number | null, action: TicketAction) => void,
): IncidentState {
  let state = initialIncidentState(key);
  let ackDue: number | null = null;
  const acknowledgeBy = (t: number) => {
    if (ackDue !== null && ackDue <= t) {
      if (state.status === 'open' || state.status === 'recovering') {
        state = acknowledgeIncident(state, rule.owner, new Date(ackDue));
      }
      ackDue = null;
    }
  };
  const apply = (at: number, w: number | null, actions: TicketAction[]) => {
    for (const action of actions) {
      onAction(at, w, action);
      if (action.kind === 'open_ticket' && c.acknowledgeAfterMs !== null) ackDue = at + c.acknowledgeAfterMs;
    }
  };
  let w = 0;
  const evaluateBy = (t: number) => {
    while (w < windows.length && evaluatedAt[w] !== null && (evaluatedAt[w] as number) <= t) {
      const at = evaluatedAt[w] as number;
      acknowledgeBy(at);
      const step = nextIncidentState(state, rule, windows[w], new Date(at));
      state = step.state;
      apply(at, w, step.actions);
      onWindow(w, state.status, step.actions);
      w++;
    }
  };
  for (let t = c.t0 + c.tickMs; t <= c.endMs; t += c.tickMs) {
    // Evaluations due by this tick, in order, then the timer.
    evaluateBy(t);
    acknowledgeBy(t);
    const step = checkIncidentDeadlines(state, rule, new Date(t));
    state = step.state;
    apply(t, null, step.actions);
  }
  evaluateBy(c.endMs);
  return state;
}

function describeSite(site: SimulatedSite): string {
  switch (site.scenario) {
    case 'stable':
      return 'stable: no change';
    case 'shift':
      return (
        `shift from day ${site.changeDay ?? '?'}: ${(site.shiftedFeatures ?? DEFAULT_SHIFTED_FEATURES).join(', ')} ` +
        `read ${site.shiftSize ?? DEFAULT_SHIFT_SIZE} SD high (a scanner or analyser change)`
      );
    case 'decay':
      return (
        `decay from day ${site.changeDay ?? '?'}: ${Math.round(100 * (site.decayStrength ?? DEFAULT_DECAY_STRENGTH))}% ` +
        'of outcomes stop following the model (visible only once outcomes arrive)'
      );
  }
}

function checkOptions(
  days: number,
  eventsPerDay: number,
  seed: number,
  sites: readonly SimulatedSite[],
  tickMs: number,
) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SIMULATED_DAYS) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_SIMULATED_DAYS}, got ${days}`);
  }
  if (!Number.isInteger(eventsPerDay) || eventsPerDay < 1 || eventsPerDay > MAX_EVENTS_PER_DAY) {
    throw new RangeError(`eventsPerDay must be a whole number from 1 to ${MAX_EVENTS_PER_DAY}, got ${eventsPerDay}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(tickMs >= MINUTE_MS)) throw new RangeError(`tickMs must be at least a minute, got ${tickMs}`);
  const names = new Set<string>();
  for (const site of sites) {
    if (names.has(site.site)) throw new RangeError(`site "${site.site}" is listed twice`);
    names.add(site.site);
    if (site.scenario !== 'stable' && !(Number.isInteger(site.changeDay) && (site.changeDay as number) >= 0)) {
      throw new RangeError(`site "${site.site}": a ${site.scenario} scenario needs changeDay, a day from 0`);
    }
  }
}
