import { parseMonitoringPolicy } from '@vigil/domain';
import { exampleMonitoringPolicy } from './default-simulation';
import { simulateSites } from './simulate-sites';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('simulateSites', () => {
  const policy = exampleMonitoringPolicy();
  const small = { policy, days: 16, eventsPerDay: 800 };

  it('is deterministic for a seed, and a different seed gives different events', () => {
    const a = JSON.stringify(simulateSites({ ...small, seed: 7 }));
    expect(JSON.stringify(simulateSites({ ...small, seed: 7 }))).toBe(a);
    expect(JSON.stringify(simulateSites({ ...small, seed: 8 }))).not.toBe(a);
  });

  it('judges performance only once outcomes had the label horizon to arrive, and reports label coverage', () => {
    const result = simulateSites({ ...small, seed: 3 });
    const north = result.sites[0];
    const auroc = result.signals.indexOf('auroc_drop');
    const psi = result.signals.indexOf('input_psi');
    for (const w of north.windows) {
      const cell = w.signals[auroc];
      const due =
        w.end.getTime() + result.labelHorizonMs <= result.start.getTime() + 16 * DAY_MS + result.evaluationDelayMs;
      expect(cell.evaluatedAt).toEqual(due ? new Date(w.end.getTime() + result.labelHorizonMs) : null);
      expect(cell.judgement === null).toBe(!due);
      // Late outcomes: most but not all labels are in after three days.
      expect((cell.labelled as number) / w.events).toBeGreaterThan(0.7);
      expect((cell.labelled as number) / w.events).toBeLessThan(0.97);
      // Input signals are judged the policy's evaluation delay (5 minutes) after the window, the last one too.
      expect(w.signals[psi].evaluatedAt).toEqual(new Date(w.end.getTime() + 5 * 60_000));
    }
  });

  it('names the worst features of the shifted site: the ones that moved', () => {
    const result = simulateSites({ ...small, seed: 5 });
    const east = result.sites[1];
    const psi = result.signals.indexOf('input_psi');
    const after = east.windows[12].signals[psi];
    expect(
      after.worstFeatures
        .slice(0, 2)
        .map((f) => f.feature)
        .sort(),
    ).toEqual(['creatinine', 'lactate']);
    expect(after.value).toBeGreaterThan(0.25);
    expect(east.windows[5].signals[psi].value).toBeLessThan(0.1);
  });

  it('an owner who acknowledges within the escalation deadline prevents the escalation', () => {
    const result = simulateSites({ ...small, seed: 2, acknowledgeAfterMs: 2 * HOUR_MS });
    const east = result.sites[1];
    expect(east.summary.tickets).toBe(1);
    expect(east.summary.escalations).toBe(0);
  });

  it('watches any signal of the policy: a shift moves the scores too, so prediction_psi opens one ticket', () => {
    const quick = parseMonitoringPolicy({
      window: '1d',
      minEvents: 200,
      signals: [
        {
          signal: 'prediction_psi',
          threshold: 0.25,
          recovery: 0.1,
          consecutiveWindows: 2,
          recoveryWindows: 2,
          severity: 'high',
          owner: 'a@b.org',
          coolDown: '3d',
        },
      ],
    });
    const result = simulateSites({
      policy: quick,
      seed: 4,
      days: 20,
      eventsPerDay: 800,
      sites: [{ site: 'east', scenario: 'shift', changeDay: 5 }],
    });
    const east = result.sites[0];
    expect(east.summary.opened).toEqual([expect.objectContaining({ signal: 'prediction_psi', window: 6 })]);
    expect(east.summary.finalStatus.prediction_psi).toBe('open');
  });

  it('refuses options that cannot make a simulation', () => {
    expect(() => simulateSites({ policy, seed: 1, days: 0 })).toThrow(/days must be/);
    expect(() => simulateSites({ policy, seed: 1, eventsPerDay: 1.5 })).toThrow(/eventsPerDay/);
    expect(() => simulateSites({ policy, seed: 1, sites: [{ site: 'x', scenario: 'shift' }] })).toThrow(/changeDay/);
    expect(() =>
      simulateSites({
        policy,
        seed: 1,
        sites: [{ site: 'x', scenario: 'shift', changeDay: 1, shiftedFeatures: ['bmi'] }],
      }),
    ).toThrow(/unknown feature "bmi"/);
  });
});
