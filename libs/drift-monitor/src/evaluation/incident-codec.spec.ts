import {
  acknowledgeIncident,
  type IncidentState,
  initialIncidentState,
  nextIncidentState,
  parseMonitoringPolicy,
} from '@vigil/domain';
import { decodeIncidentState, encodeIncidentState } from './incident-codec';

describe('incident state codec', () => {
  it('round-trips a state with an open, acknowledged ticket through JSON with every instant a Date again', () => {
    const [rule] = parseMonitoringPolicy({
      window: '1h',
      minEvents: 1,
      signals: [
        {
          signal: 'input_psi',
          threshold: 0.25,
          recovery: 0.1,
          consecutiveWindows: 1,
          recoveryWindows: 2,
          severity: 'high',
          owner: 'a@b.org',
          escalation: { after: '4h', to: 'c@b.org' },
          coolDown: '1d',
        },
      ],
    }).signals;
    let state: IncidentState = initialIncidentState({ model: 'm', version: 1, site: 's', signal: 'input_psi' });
    const start = new Date('2026-01-01T00:00:00Z');
    const end = new Date('2026-01-01T01:00:00Z');
    state = nextIncidentState(state, rule, { start, end, observation: { value: 0.4, events: 50 } }, end).state;
    state = acknowledgeIncident(state, 'dr.x', new Date('2026-01-01T02:00:00Z'));
    expect(state.status).toBe('open');

    const stored = encodeIncidentState(state);
    expect(typeof stored.lastWindowEnd).toBe('string');
    const back = decodeIncidentState(JSON.parse(JSON.stringify(stored)) as Record<string, unknown>);
    expect(back).toEqual(state);
    expect(back.ticket?.acknowledged?.at).toBeInstanceOf(Date);
    expect(back.ticket?.lastJudged.windowEnd).toBeInstanceOf(Date);
  });
});
