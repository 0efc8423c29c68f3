import {
  isObject,
  optionalInteger,
  problemCollector,
  rejectUnknown,
  type Json,
  type ReportProblem,
} from '../errors/document-fields';
import { nearestKey } from '../errors/nearest-key';
import { DURATION_EXAMPLE, formatDuration, parseDuration } from './duration';
import { MonitoringErrors } from './monitoring.errors';
import {
  DEFAULT_EVALUATION_DELAY_MS,
  DEFAULT_LABEL_DELAY_MS,
  DEFAULT_MIN_FEEDBACK,
  DEFAULT_MIN_LABELLED,
  SEVERITIES,
  type EscalationRule,
  type MonitoringPolicy,
  type Severity,
  type SignalRule,
} from './monitoring-policy.types';
import { isMonitoringSignal, isWorse, MONITORING_SIGNALS, signalDefinition } from './monitoring-signals';

const POLICY_KEYS = ['window', 'minEvents', 'evaluationDelay', 'labelDelay', 'signals'];
const RULE_KEYS = [
  'signal',
  'threshold',
  'recovery',
  'consecutiveWindows',
  'recoveryWindows',
  'severity',
  'owner',
  'escalation',
  'coolDown',
  'minEvents',
  'minLabelled',
  'minFeedback',
];
const ESCALATION_KEYS = ['after', 'to'];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const MIN_WINDOW_MS = MINUTE_MS;
export const MAX_WINDOW_MS = 7 * DAY_MS;
export const MAX_COOL_DOWN_MS = 365 * DAY_MS;
export const MAX_ESCALATION_AFTER_MS = 90 * DAY_MS;
export const MAX_MIN_EVENTS = 1_000_000_000;
export const MAX_STREAK_WINDOWS = 1000;
export const MAX_CONTACT_LENGTH = 200;
/** A window judged a day after it ends is already stale for input drift; late events past that are lost. */
export const MAX_EVALUATION_DELAY_MS = DAY_MS;
/** Labels later than a quarter are rare, and a performance ticket that late protects nobody. */
export const MAX_LABEL_DELAY_MS = 90 * DAY_MS;

/**
 * Checks a model's monitoring policy as a person wrote it (YAML or JSON, already parsed) and returns the
 * normalised form: durations in milliseconds, defaults filled in. Every problem is collected with its path
 * (`signals[1].recovery`) so one round trip fixes them all. Unknown fields and signals are refused with the
 * nearest known name, because a misspelt `recovery` silently dropped would change when tickets close.
 */
export function parseMonitoringPolicy(input: unknown): MonitoringPolicy {
  const { problems, report } = problemCollector();
  if (!isObject(input)) {
    report('policy', 'the document must be an object with "window", "minEvents" and "signals"');
    throw MonitoringErrors.invalidPolicy(problems);
  }
  rejectUnknownNamed(input, POLICY_KEYS, '', report);

  const windowMs = durationField(input, 'window', '', MIN_WINDOW_MS, MAX_WINDOW_MS, report, 'e.g. "1h" or "1d"');
  let minEvents: number | undefined;
  if (!Object.hasOwn(input, 'minEvents')) {
    report('minEvents', 'is required: windows with fewer events are not judged');
  } else minEvents = optionalInteger(input, 'minEvents', '', 1, MAX_MIN_EVENTS, report);
  const delays = parseDelays(input, report);

  const signals: SignalRule[] = [];
  if (!Object.hasOwn(input, 'signals')) report('signals', 'is required: at least one signal rule');
  else if (!Array.isArray(input.signals)) report('signals', 'must be a list of signal rules');
  else if (input.signals.length === 0)
    report('signals', 'must hold at least one rule: an empty list would watch nothing');
  else {
    const seen = new Map<string, number>();
    input.signals.forEach((raw, i) => {
      const at = `signals[${i}]`;
      const rule = parseRule(raw, at, minEvents ?? 1, report);
      if (rule === undefined) return;
      const earlier = seen.get(rule.signal);
      if (earlier !== undefined) {
        report(
          `${at}.signal`,
          `"${rule.signal}" is already watched by signals[${earlier}]; one incident (and ticket) exists per signal, so state each signal once`,
        );
        return;
      }
      seen.set(rule.signal, i);
      signals.push(rule);
    });
  }

  if (problems.length > 0 || windowMs === undefined || minEvents === undefined || delays === undefined) {
    throw MonitoringErrors.invalidPolicy(problems);
  }
  return { windowMs, minEvents, ...delays, signals };
}

/**
 * The policy as a document again (durations as text, the policy's `minEvents` not repeated in rules), for
 * storing and editing: `parseMonitoringPolicy(monitoringPolicyDocument(p))` equals `p`.
 */
export function monitoringPolicyDocument(policy: MonitoringPolicy): Json {
  return {
    window: formatDuration(policy.windowMs),
    minEvents: policy.minEvents,
    evaluationDelay: formatDuration(policy.evaluationDelayMs),
    labelDelay: formatDuration(policy.labelDelayMs),
    signals: policy.signals.map((rule) => {
      const doc: Json = {
        signal: rule.signal,
        threshold: rule.threshold,
        recovery: rule.recovery,
        consecutiveWindows: rule.consecutiveWindows,
        recoveryWindows: rule.recoveryWindows,
        severity: rule.severity,
        owner: rule.owner,
      };
      if (rule.escalation) doc.escalation = { after: formatDuration(rule.escalation.afterMs), to: rule.escalation.to };
      doc.coolDown = formatDuration(rule.coolDownMs);
      if (rule.minEvents !== policy.minEvents) doc.minEvents = rule.minEvents;
      if (rule.minLabelled !== undefined) doc.minLabelled = rule.minLabelled;
      if (rule.minFeedback !== undefined) doc.minFeedback = rule.minFeedback;
      return doc;
    }),
  };
}

/**
 * `evaluationDelay` and `labelDelay`, both optional. Performance signals need the window's events as much as its
 * outcomes, so judging them before the other signals could never count more than the events seen then.
 */
function parseDelays(
  input: Json,
  report: ReportProblem,
): Pick<MonitoringPolicy, 'evaluationDelayMs' | 'labelDelayMs'> | undefined {
  const evaluationDelayMs = Object.hasOwn(input, 'evaluationDelay')
    ? durationField(input, 'evaluationDelay', '', 0, MAX_EVALUATION_DELAY_MS, report, 'e.g. "5m" or "1h"')
    : DEFAULT_EVALUATION_DELAY_MS;
  const labelDelayMs = Object.hasOwn(input, 'labelDelay')
    ? durationField(input, 'labelDelay', '', 0, MAX_LABEL_DELAY_MS, report, 'e.g. "3d" or "14d"')
    : DEFAULT_LABEL_DELAY_MS;
  if (evaluationDelayMs === undefined || labelDelayMs === undefined) return undefined;
  if (labelDelayMs < evaluationDelayMs) {
    report(
      'labelDelay',
      `(${formatDuration(labelDelayMs)}) must be at least evaluationDelay (${formatDuration(evaluationDelayMs)}): performance signals need the window's late events as well as its outcomes`,
    );
    return undefined;
  }
  return { evaluationDelayMs, labelDelayMs };
}

function parseRule(raw: unknown, at: string, policyMinEvents: number, report: ReportProblem): SignalRule | undefined {
  if (!isObject(raw)) {
    report(at, 'must be an object like {signal: input_psi, threshold: 0.25, recovery: 0.1, …}');
    return undefined;
  }
  rejectUnknownNamed(raw, RULE_KEYS, at, report);

  let signal: SignalRule['signal'] | undefined;
  if (!Object.hasOwn(raw, 'signal')) report(`${at}.signal`, `is required, one of: ${MONITORING_SIGNALS.join(', ')}`);
  else if (!isMonitoringSignal(raw.signal)) {
    const guess = typeof raw.signal === 'string' ? nearestKey(raw.signal, MONITORING_SIGNALS) : undefined;
    report(
      `${at}.signal`,
      guess
        ? `"${String(raw.signal)}" is not a signal; did you mean "${guess}"?`
        : `must be one of: ${MONITORING_SIGNALS.join(', ')}`,
    );
  } else signal = raw.signal;

  const threshold = numberField(raw, 'threshold', at, report);
  const recovery = numberField(raw, 'recovery', at, report);
  let levelsOk = threshold !== undefined && recovery !== undefined;
  if (signal !== undefined) {
    const { range, direction } = signalDefinition(signal);
    for (const [key, value] of [
      ['threshold', threshold],
      ['recovery', recovery],
    ] as const) {
      if (value !== undefined && (value < range[0] || value > range[1])) {
        report(`${at}.${key}`, `${signal} ${rangeText(range)}, so ${value} can never be reached`);
        levelsOk = false;
      }
    }
    if (levelsOk && !isWorse(direction, threshold as number, recovery as number)) {
      const side = direction === 'higher_is_worse' ? 'below' : 'above';
      report(
        `${at}.recovery`,
        `(${String(recovery)}) must be ${side} the threshold (${String(threshold)}): for ${signal} ${direction === 'higher_is_worse' ? 'higher' : 'lower'} is worse, and the gap between them is what stops a ticket opening and closing on every wobble`,
      );
      levelsOk = false;
    }
  }

  const consecutiveWindows = requiredInteger(raw, 'consecutiveWindows', at, 1, MAX_STREAK_WINDOWS, report);
  const recoveryWindows = requiredInteger(raw, 'recoveryWindows', at, 1, MAX_STREAK_WINDOWS, report);

  let severity: Severity | undefined;
  if (!Object.hasOwn(raw, 'severity')) report(`${at}.severity`, `is required, one of: ${SEVERITIES.join(', ')}`);
  else if (typeof raw.severity !== 'string' || !(SEVERITIES as readonly string[]).includes(raw.severity))
    report(`${at}.severity`, `must be one of: ${SEVERITIES.join(', ')}`);
  else severity = raw.severity as Severity;

  const owner = contactField(raw, 'owner', at, report, 'who the ticket is assigned to, e.g. an email address');
  const coolDownMs = durationField(raw, 'coolDown', at, 0, MAX_COOL_DOWN_MS, report, 'e.g. "3d", or "0m" for none');

  let escalation: EscalationRule | undefined;
  let escalationOk = true;
  if (Object.hasOwn(raw, 'escalation')) {
    escalation = parseEscalation(raw.escalation, `${at}.escalation`, owner, report);
    escalationOk = escalation !== undefined;
  }

  const minEvents = Object.hasOwn(raw, 'minEvents')
    ? optionalInteger(raw, 'minEvents', at, 1, MAX_MIN_EVENTS, report)
    : policyMinEvents;

  const kind = signal === undefined ? undefined : signalDefinition(signal).kind;
  const minLabelled = countForKind(raw, 'minLabelled', at, kind, 'performance', DEFAULT_MIN_LABELLED, report);
  const minFeedback = countForKind(raw, 'minFeedback', at, kind, 'feedback', DEFAULT_MIN_FEEDBACK, report);

  if (
    signal === undefined ||
    !levelsOk ||
    consecutiveWindows === undefined ||
    recoveryWindows === undefined ||
    severity === undefined ||
    owner === undefined ||
    coolDownMs === undefined ||
    !escalationOk ||
    minEvents === undefined ||
    minLabelled === null ||
    minFeedback === null
  ) {
    return undefined;
  }
  const rule: SignalRule = {
    signal,
    threshold: threshold as number,
    recovery: recovery as number,
    consecutiveWindows,
    recoveryWindows,
    severity,
    owner,
    coolDownMs,
    minEvents,
  };
  if (escalation !== undefined) rule.escalation = escalation;
  if (minLabelled !== undefined) rule.minLabelled = minLabelled;
  if (minFeedback !== undefined) rule.minFeedback = minFeedback;
  return rule;
}

function parseEscalation(
  raw: unknown,
  at: string,
  owner: string | undefined,
  report: ReportProblem,
): EscalationRule | undefined {
  if (!isObject(raw)) {
    report(at, 'must be an object like {after: 24h, to: cmio@hospital.org}');
    return undefined;
  }
  rejectUnknownNamed(raw, ESCALATION_KEYS, at, report);
  const afterMs = durationField(raw, 'after', at, MINUTE_MS, MAX_ESCALATION_AFTER_MS, report, 'e.g. "24h"');
  const to = contactField(raw, 'to', at, report, 'who is told when nobody acknowledges the ticket');
  if (to !== undefined && owner !== undefined && to === owner) {
    report(`${at}.to`, `is the owner (${owner}) already; escalate to someone else, e.g. the CMIO or the on-call lead`);
    return undefined;
  }
  if (afterMs === undefined || to === undefined) return undefined;
  return { afterMs, to };
}

/**
 * `minLabelled` / `minFeedback`: allowed only on the kind of signal they concern, filled with the default there.
 * Undefined: not this kind (and not given); null: refused (already reported).
 */
function countForKind(
  raw: Json,
  key: 'minLabelled' | 'minFeedback',
  at: string,
  kind: string | undefined,
  wanted: 'performance' | 'feedback',
  fallback: number,
  report: ReportProblem,
): number | undefined | null {
  const given = Object.hasOwn(raw, key);
  if (kind === undefined) return given ? null : undefined;
  if (kind !== wanted) {
    if (!given) return undefined;
    const what = wanted === 'performance' ? 'labelled events' : 'clinician feedback';
    report(`${at}.${key}`, `counts ${what}, which only ${wanted} signals use; leave it out here`);
    return null;
  }
  if (!given) return fallback;
  return optionalInteger(raw, key, at, 1, MAX_MIN_EVENTS, report) ?? null;
}

function durationField(
  raw: Json,
  key: string,
  at: string,
  minMs: number,
  maxMs: number,
  report: ReportProblem,
  example: string,
): number | undefined {
  const field = at === '' ? key : `${at}.${key}`;
  if (!Object.hasOwn(raw, key)) {
    report(field, `is required: ${DURATION_EXAMPLE}, ${example}`);
    return undefined;
  }
  const value = raw[key];
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    report(field, `must be ${DURATION_EXAMPLE}; ${example}`);
    return undefined;
  }
  if (ms < minMs || ms > maxMs) {
    report(field, `must be from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`);
    return undefined;
  }
  return ms;
}

function numberField(raw: Json, key: string, at: string, report: ReportProblem): number | undefined {
  if (!Object.hasOwn(raw, key)) {
    report(`${at}.${key}`, 'is required: a number');
    return undefined;
  }
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    report(`${at}.${key}`, 'must be a number');
    return undefined;
  }
  return value;
}

function requiredInteger(
  raw: Json,
  key: string,
  at: string,
  min: number,
  max: number,
  report: ReportProblem,
): number | undefined {
  if (!Object.hasOwn(raw, key)) {
    report(`${at}.${key}`, `is required: a whole number from ${min} to ${max}`);
    return undefined;
  }
  return optionalInteger(raw, key, at, min, max, report);
}

function contactField(raw: Json, key: string, at: string, report: ReportProblem, what: string): string | undefined {
  const field = `${at}.${key}`;
  if (!Object.hasOwn(raw, key)) {
    report(field, `is required: ${what}`);
    return undefined;
  }
  const value = raw[key];
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof value !== 'string' || value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value)) {
    report(field, `must be ${what}`);
    return undefined;
  }
  if (value !== value.trim() || value.length > MAX_CONTACT_LENGTH) {
    report(field, `must have no leading or trailing spaces and at most ${MAX_CONTACT_LENGTH} characters`);
    return undefined;
  }
  return value;
}

/** As `rejectUnknown`, and names the allowed key the unknown one most likely meant. */
function rejectUnknownNamed(obj: Json, allowed: string[], at: string, report: ReportProblem): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const guess = nearestKey(key, allowed);
    const field = at === '' ? key : `${at}.${key}`;
    if (guess !== undefined) report(field, `unknown field; did you mean "${guess}"?`);
    else rejectUnknown({ [key]: obj[key] }, allowed, at, report);
  }
}

function rangeText(range: readonly [number, number]): string {
  return range[1] === Number.MAX_VALUE ? `is never below ${range[0]}` : `lies from ${range[0]} to ${range[1]}`;
}
