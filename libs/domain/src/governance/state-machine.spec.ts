import { DomainError } from '../errors/domain-error';
import { assertTransition, defineStateMachine, isStateOf, isTransitionAllowed, terminalStates } from './state-machine';

type Light = 'red' | 'green' | 'amber' | 'off';
const lights = () =>
  defineStateMachine<Light>('traffic light', ['red', 'green', 'amber', 'off'], {
    red: ['green', 'off'],
    green: ['amber'],
    amber: ['red'],
    off: [],
  });

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('defineStateMachine', () => {
  it('refuses a table that names an unknown state or a move to itself', () => {
    expect(() => defineStateMachine<'a' | 'b'>('x', ['a', 'b'], { a: ['c' as 'b'], b: [] })).toThrow(
      /unknown state "c"/,
    );
    expect(() => defineStateMachine<'a' | 'b'>('x', ['a'] as unknown as ('a' | 'b')[], { a: [], b: [] })).toThrow(
      /unknown state "b"/,
    );
    expect(() => defineStateMachine<'a' | 'b'>('x', ['a', 'b'], { a: ['a'], b: [] })).toThrow(/itself/);
    expect(() => defineStateMachine<'a' | 'b'>('x', ['a', 'b'], { a: [] } as { a: []; b: [] })).toThrow(
      /no transitions given for "b"/,
    );
  });

  it('freezes the table so nobody can widen it at run time', () => {
    const m = lights();
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.transitions)).toBe(true);
    expect(Object.isFrozen(m.transitions.red)).toBe(true);
    expect(Object.isFrozen(m.states)).toBe(true);
  });
});

describe('isTransitionAllowed', () => {
  it('follows the table and nothing else', () => {
    const m = lights();
    expect(isTransitionAllowed(m, 'red', 'green')).toBe(true);
    expect(isTransitionAllowed(m, 'green', 'red')).toBe(false);
    expect(isTransitionAllowed(m, 'red', 'red')).toBe(false);
  });

  it('refuses states it does not know (e.g. a bad value read from storage)', () => {
    const m = lights();
    expect(isTransitionAllowed(m, 'blue' as Light, 'green')).toBe(false);
    expect(isTransitionAllowed(m, 'red', 'blue' as Light)).toBe(false);
    expect(isTransitionAllowed(m, 'constructor' as Light, 'green')).toBe(false);
  });
});

describe('isStateOf / terminalStates', () => {
  it('recognises only the listed states', () => {
    const m = lights();
    expect(isStateOf(m, 'amber')).toBe(true);
    expect(isStateOf(m, 'AMBER')).toBe(false);
    expect(isStateOf(m, 3)).toBe(false);
    expect(isStateOf(m, undefined)).toBe(false);
  });
  it('lists states with no way out', () => {
    expect(terminalStates(lights())).toEqual(['off']);
  });
});

describe('assertTransition', () => {
  it('passes an allowed move silently', () => {
    expect(() => assertTransition(lights(), 'green', 'amber')).not.toThrow();
  });

  it('refuses a forbidden move with invalid_state_transition, naming the ways out', () => {
    const e = thrown(() => assertTransition(lights(), 'red', 'amber'));
    expect(e.code).toBe('invalid_state_transition');
    expect(e.message).toBe(
      'The traffic light is red; it cannot become amber (from red it can only become one of: green, off).',
    );
    expect(e.extra).toEqual({ subject: 'traffic light', from: 'red', to: 'amber', allowed: ['green', 'off'] });
  });

  it('words a single way out and a final state', () => {
    expect(thrown(() => assertTransition(lights(), 'green', 'red', 'Light 7')).message).toBe(
      'Light 7 is green; it cannot become red (from green it can only become amber).',
    );
    expect(thrown(() => assertTransition(lights(), 'off', 'red')).message).toBe(
      'The traffic light is off; it cannot become red (off is final).',
    );
  });

  it('refuses an unknown starting state without crashing', () => {
    const e = thrown(() => assertTransition(lights(), 'blue' as Light, 'red'));
    expect(e.code).toBe('invalid_state_transition');
    expect(e.extra?.allowed).toEqual([]);
  });
});
