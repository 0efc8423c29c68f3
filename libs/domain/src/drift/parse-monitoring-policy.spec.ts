// eslint-disable-next-line no-restricted-imports -- the spec reads the documented example; the parser does no I/O
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- as above
import { join } from 'node:path';
import { parse } from 'yaml';
import { domainErrorOf } from '../governance/testing/domain-error-of';
import { describeSignalRule } from './describe-signal-rule';
import { monitoringPolicyDocument, parseMonitoringPolicy } from './parse-monitoring-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The problems a document is refused with, as `field: message` lines. */
function problemsOf(input: unknown): string[] {
  const error = domainErrorOf(() => parseMonitoringPolicy(input));
  expect(error.code).toBe('validation_failed');
  expect(error.extra).toEqual({ reason: 'monitoring_policy_invalid' });
  expect(error.message.startsWith('The monitoring policy is invalid: ')).toBe(true);
  return (error.errors ?? []).map((e) => `${e.field}: ${e.message}`);
}

const RULE = {
  signal: 'input_psi',
  threshold: 0.25,
  recovery: 0.1,
  consecutiveWindows: 2,
  recoveryWindows: 3,
  severity: 'high',
  owner: 'dr.rivera@hospital.org',
  coolDown: '3d',
};

function policyWith(rule: Record<string, unknown>): Record<string, unknown> {
  return { window: '1d', minEvents: 200, signals: [rule] };
}

describe('parseMonitoringPolicy', () => {
  describe('accepts', () => {
    it('the example in docs/examples, with durations in milliseconds and defaults filled in', () => {
      const text = readFileSync(join(__dirname, '../../../../docs/examples/monitoring-policy.yaml'), 'utf8');
      const policy = parseMonitoringPolicy(parse(text));
      expect(policy).toEqual({
        windowMs: DAY,
        minEvents: 200,
        evaluationDelayMs: 5 * MINUTE,
        labelDelayMs: 3 * DAY,
        signals: [
          {
            signal: 'input_psi',
            threshold: 0.25,
            recovery: 0.1,
            consecutiveWindows: 2,
            recoveryWindows: 3,
            severity: 'high',
            owner: 'dr.rivera@hospital.org',
            escalation: { afterMs: DAY, to: 'cmio@hospital.org' },
            coolDownMs: 3 * DAY,
            minEvents: 200,
          },
          {
            signal: 'missing_rate',
            threshold: 0.1,
            recovery: 0.02,
            consecutiveWindows: 1,
            recoveryWindows: 2,
            severity: 'medium',
            owner: 'data-platform@hospital.org',
            coolDownMs: DAY,
            minEvents: 200,
          },
          {
            signal: 'auroc_drop',
            threshold: 0.05,
            recovery: 0.02,
            consecutiveWindows: 2,
            recoveryWindows: 3,
            severity: 'critical',
            owner: 'dr.rivera@hospital.org',
            escalation: { afterMs: 4 * HOUR, to: 'cmio@hospital.org' },
            coolDownMs: 7 * DAY,
            minEvents: 200,
            minLabelled: 100,
          },
          {
            signal: 'acceptance_rate',
            threshold: 0.3,
            recovery: 0.4,
            consecutiveWindows: 3,
            recoveryWindows: 3,
            severity: 'medium',
            owner: 'nursing-informatics@hospital.org',
            coolDownMs: 7 * DAY,
            minEvents: 200,
            minFeedback: 50,
          },
        ],
      });
      expect(policy.signals.map(describeSignalRule)).toEqual([
        'input_psi above 0.25 for 2 windows in a row opens a high ticket for dr.rivera@hospital.org; closes after 3 windows in a row below 0.1; 3d cool-down; escalates to cmio@hospital.org if unacknowledged for 1d; windows with fewer than 200 events are not judged',
        'missing_rate above 0.1 in one window opens a medium ticket for data-platform@hospital.org; closes after 2 windows in a row below 0.02; 1d cool-down; windows with fewer than 200 events are not judged',
        'auroc_drop with its 95% CI wholly above 0.05 for 2 windows in a row opens a critical ticket for dr.rivera@hospital.org; closes after 3 windows in a row below 0.02; 1w cool-down; escalates to cmio@hospital.org if unacknowledged for 4h; windows with fewer than 200 events / 100 labelled are not judged',
        'acceptance_rate below 0.3 for 3 windows in a row opens a medium ticket for nursing-informatics@hospital.org; closes after 3 windows in a row above 0.4; 1w cool-down; windows with fewer than 200 events / 50 clinician responses are not judged',
      ]);
      expect(parseMonitoringPolicy(monitoringPolicyDocument(policy))).toEqual(policy);
    });

    it('its own document form again unchanged, per-rule minEvents and a zero cool-down included', () => {
      const policy = parseMonitoringPolicy({
        window: '15m',
        minEvents: 50,
        signals: [
          { ...RULE, coolDown: '0m', minEvents: 10 },
          { ...RULE, signal: 'override_rate', threshold: 0.5, recovery: 0.3, coolDown: '1d12h' },
        ],
      });
      expect(policy.signals[0]).toMatchObject({ coolDownMs: 0, minEvents: 10 });
      expect(policy.signals[1]).toMatchObject({ coolDownMs: 36 * HOUR, minEvents: 50, minFeedback: 30 });
      const document = JSON.parse(JSON.stringify(monitoringPolicyDocument(policy))) as unknown;
      expect(parseMonitoringPolicy(document)).toEqual(policy);
      expect(describeSignalRule(policy.signals[0])).toContain('; no cool-down;');
    });

    it('no evaluationDelay or labelDelay, filling in 5m and 3d', () => {
      const policy = parseMonitoringPolicy(policyWith(RULE));
      expect(policy).toMatchObject({ evaluationDelayMs: 5 * MINUTE, labelDelayMs: 3 * DAY });
      expect(monitoringPolicyDocument(policy)).toMatchObject({ evaluationDelay: '5m', labelDelay: '3d' });
    });

    it('delays as given, zero and the upper bounds included, and again from its document form', () => {
      const given = parseMonitoringPolicy({ ...policyWith(RULE), evaluationDelay: '1h30m', labelDelay: '14d' });
      expect(given).toMatchObject({ evaluationDelayMs: 90 * MINUTE, labelDelayMs: 14 * DAY });
      expect(parseMonitoringPolicy(monitoringPolicyDocument(given))).toEqual(given);
      const zero = parseMonitoringPolicy({ ...policyWith(RULE), evaluationDelay: '0m', labelDelay: '0m' });
      expect(zero).toMatchObject({ evaluationDelayMs: 0, labelDelayMs: 0 });
      const longest = parseMonitoringPolicy({ ...policyWith(RULE), evaluationDelay: '1d', labelDelay: '90d' });
      expect(longest).toMatchObject({ evaluationDelayMs: DAY, labelDelayMs: 90 * DAY });
    });

    it('a performance rule without minLabelled, filling in the default of 100', () => {
      const policy = parseMonitoringPolicy(
        policyWith({ ...RULE, signal: 'sensitivity_drop', threshold: 0.1, recovery: -0.02 }),
      );
      expect(policy.signals[0].minLabelled).toBe(100);
      expect(policy.signals[0].minFeedback).toBeUndefined();
    });
  });

  describe('refuses', () => {
    it('what is not a policy document', () => {
      expect(problemsOf(null)).toEqual([
        'policy: the document must be an object with "window", "minEvents" and "signals"',
      ]);
      expect(problemsOf(['window'])).toHaveLength(1);
    });

    it('a document missing everything, naming each field', () => {
      expect(problemsOf({})).toEqual([
        'window: is required: a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s), e.g. "1h" or "1d"',
        'minEvents: is required: windows with fewer events are not judged',
        'signals: is required: at least one signal rule',
      ]);
    });

    it('unknown fields, naming the one most likely meant', () => {
      expect(
        problemsOf({
          window: '1d',
          minEvent: 200,
          minEvents: 200,
          colour: 'red',
          signals: [{ ...RULE, recvoery: 0.1, escalation: { afer: '1h', to: 'x@y' } }],
        }),
      ).toEqual([
        'minEvent: unknown field; did you mean "minEvents"?',
        'colour: unknown field; allowed here: window, minEvents, evaluationDelay, labelDelay, signals',
        'signals[0].recvoery: unknown field; did you mean "recovery"?',
        'signals[0].escalation.afer: unknown field; did you mean "after"?',
        'signals[0].escalation.after: is required: a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s), e.g. "24h"',
      ]);
    });

    it('an unknown signal, with a guess when it is a slip', () => {
      expect(problemsOf(policyWith({ ...RULE, signal: 'wasserstein' }))).toEqual([
        'signals[0].signal: must be one of: input_psi, missing_rate, unseen_category_rate, prediction_psi, auroc_drop, sensitivity_drop, ppv_drop, calibration_ece, override_rate, acceptance_rate',
      ]);
      expect(problemsOf(policyWith({ ...RULE, signal: 'auroc-drop' }))).toEqual([
        'signals[0].signal: "auroc-drop" is not a signal; did you mean "auroc_drop"?',
      ]);
    });

    it('a recovery level on the wrong side of the threshold, for either direction', () => {
      expect(problemsOf(policyWith({ ...RULE, recovery: 0.3 }))).toEqual([
        'signals[0].recovery: (0.3) must be below the threshold (0.25): for input_psi higher is worse, and the gap between them is what stops a ticket opening and closing on every wobble',
      ]);
      expect(problemsOf(policyWith({ ...RULE, recovery: 0.25 }))).toHaveLength(1);
      expect(problemsOf(policyWith({ ...RULE, signal: 'acceptance_rate', threshold: 0.3, recovery: 0.2 }))).toEqual([
        'signals[0].recovery: (0.2) must be above the threshold (0.3): for acceptance_rate lower is worse, and the gap between them is what stops a ticket opening and closing on every wobble',
      ]);
    });

    it('levels the signal can never reach', () => {
      expect(problemsOf(policyWith({ ...RULE, threshold: 1.5, recovery: -0.1, signal: 'override_rate' }))).toEqual([
        'signals[0].threshold: override_rate lies from 0 to 1, so 1.5 can never be reached',
        'signals[0].recovery: override_rate lies from 0 to 1, so -0.1 can never be reached',
      ]);
      expect(problemsOf(policyWith({ ...RULE, recovery: -0.1 }))).toEqual([
        'signals[0].recovery: input_psi is never below 0, so -0.1 can never be reached',
      ]);
    });

    it('bad numbers, counts, severities, contacts and durations, all in one round trip', () => {
      expect(
        problemsOf({
          window: '30s',
          minEvents: 0,
          signals: [
            {
              signal: 'input_psi',
              threshold: '0.25',
              recovery: Number.NaN,
              consecutiveWindows: 0,
              recoveryWindows: 1.5,
              severity: 'urgent',
              owner: ' ',
              coolDown: 3,
            },
          ],
        }),
      ).toEqual([
        'window: must be from 1m to 1w',
        'minEvents: must be a whole number from 1 to 1000000000',
        'signals[0].threshold: must be a number',
        'signals[0].recovery: must be a number',
        'signals[0].consecutiveWindows: must be a whole number from 1 to 1000',
        'signals[0].recoveryWindows: must be a whole number from 1 to 1000',
        'signals[0].severity: must be one of: low, medium, high, critical',
        'signals[0].owner: must be who the ticket is assigned to, e.g. an email address',
        'signals[0].coolDown: must be a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s); e.g. "3d", or "0m" for none',
      ]);
    });

    it('delays that are not durations, out of bounds, or a labelDelay shorter than evaluationDelay', () => {
      expect(problemsOf({ ...policyWith(RULE), evaluationDelay: 300, labelDelay: '3 days' })).toEqual([
        'evaluationDelay: must be a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s); e.g. "5m" or "1h"',
        'labelDelay: must be a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s); e.g. "3d" or "14d"',
      ]);
      expect(problemsOf({ ...policyWith(RULE), evaluationDelay: '1d1s', labelDelay: '91d' })).toEqual([
        'evaluationDelay: must be from 0m to 1d',
        'labelDelay: must be from 0m to 90d',
      ]);
      expect(problemsOf({ ...policyWith(RULE), evaluationDelay: '2h', labelDelay: '1h' })).toEqual([
        "labelDelay: (1h) must be at least evaluationDelay (2h): performance signals need the window's late events as well as its outcomes",
      ]);
      expect(problemsOf({ ...policyWith(RULE), labelDelay: '1m' })).toHaveLength(1);
      expect(problemsOf({ ...policyWith(RULE), lableDelay: '3d' })).toEqual([
        'lableDelay: unknown field; did you mean "labelDelay"?',
      ]);
    });

    it('a rule missing its required fields', () => {
      expect(problemsOf(policyWith({ signal: 'prediction_psi' }))).toEqual([
        'signals[0].threshold: is required: a number',
        'signals[0].recovery: is required: a number',
        'signals[0].consecutiveWindows: is required: a whole number from 1 to 1000',
        'signals[0].recoveryWindows: is required: a whole number from 1 to 1000',
        'signals[0].severity: is required, one of: low, medium, high, critical',
        'signals[0].owner: is required: who the ticket is assigned to, e.g. an email address',
        'signals[0].coolDown: is required: a duration like "15m", "24h", "3d" or "1d12h" (units: w, d, h, m, s), e.g. "3d", or "0m" for none',
      ]);
    });

    it('escalation to the owner, or one that is not an object', () => {
      expect(problemsOf(policyWith({ ...RULE, escalation: { after: '1h', to: RULE.owner } }))).toEqual([
        'signals[0].escalation.to: is the owner (dr.rivera@hospital.org) already; escalate to someone else, e.g. the CMIO or the on-call lead',
      ]);
      expect(problemsOf(policyWith({ ...RULE, escalation: '1h' }))).toEqual([
        'signals[0].escalation: must be an object like {after: 24h, to: cmio@hospital.org}',
      ]);
      expect(problemsOf(policyWith({ ...RULE, escalation: { after: '0m', to: 'cmio' } }))).toEqual([
        'signals[0].escalation.after: must be from 1m to 90d',
      ]);
    });

    it('minLabelled or minFeedback on a signal that does not count them', () => {
      expect(problemsOf(policyWith({ ...RULE, minLabelled: 50, minFeedback: 10 }))).toEqual([
        'signals[0].minLabelled: counts labelled events, which only performance signals use; leave it out here',
        'signals[0].minFeedback: counts clinician feedback, which only feedback signals use; leave it out here',
      ]);
      expect(
        problemsOf(policyWith({ ...RULE, signal: 'auroc_drop', threshold: 0.05, recovery: 0.02, minLabelled: 0 })),
      ).toEqual(['signals[0].minLabelled: must be a whole number from 1 to 1000000000']);
    });

    it('the same signal twice: one incident per signal', () => {
      expect(problemsOf({ window: '1h', minEvents: 1, signals: [RULE, { ...RULE, threshold: 0.5 }] })).toEqual([
        'signals[1].signal: "input_psi" is already watched by signals[0]; one incident (and ticket) exists per signal, so state each signal once',
      ]);
    });

    it('an empty or non-list signals, and a rule that is not an object', () => {
      expect(problemsOf({ window: '1h', minEvents: 1, signals: [] })).toEqual([
        'signals: must hold at least one rule: an empty list would watch nothing',
      ]);
      expect(problemsOf({ window: '1h', minEvents: 1, signals: {} })).toEqual([
        'signals: must be a list of signal rules',
      ]);
      expect(problemsOf({ window: '1h', minEvents: 1, signals: ['input_psi'] })).toEqual([
        'signals[0]: must be an object like {signal: input_psi, threshold: 0.25, recovery: 0.1, …}',
      ]);
    });

    it('contacts with surrounding spaces or control characters', () => {
      expect(problemsOf(policyWith({ ...RULE, owner: ' a@b ' }))).toEqual([
        'signals[0].owner: must have no leading or trailing spaces and at most 200 characters',
      ]);
      expect(problemsOf(policyWith({ ...RULE, owner: 'a\nb' }))).toHaveLength(1);
    });
  });
});
