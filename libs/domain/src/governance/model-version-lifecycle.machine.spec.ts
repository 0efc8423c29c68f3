import { DomainError } from '../errors/domain-error';
import {
  MODEL_VERSION_LIFECYCLE_STATES,
  ModelVersionLifecycle,
  type ModelVersionLifecycleState,
} from './model-version-lifecycle.machine';
import { assertTransition, isTransitionAllowed, terminalStates } from './state-machine';

// Written out by hand from the specification, not derived from the table under test.
const ALLOWED = new Set([
  'registered->validating',
  'registered->archived',
  'validating->validated',
  'validating->failed',
  'validated->validating',
  'failed->validating',
  'validated->archived',
  'failed->archived',
]);

const STATES: ModelVersionLifecycleState[] = ['registered', 'validating', 'validated', 'failed', 'archived'];
const PAIRS = STATES.flatMap((from) => STATES.map((to) => [from, to] as const));

describe('ModelVersionLifecycle', () => {
  it('has exactly the five version states', () => {
    expect([...MODEL_VERSION_LIFECYCLE_STATES]).toEqual(STATES);
    expect(ModelVersionLifecycle.states).toEqual(STATES);
  });

  it('covers all 25 pairs in this spec', () => {
    expect(PAIRS).toHaveLength(25);
    expect(PAIRS.filter(([f, t]) => ALLOWED.has(`${f}->${t}`))).toHaveLength(ALLOWED.size);
  });

  describe.each(PAIRS.filter(([f, t]) => ALLOWED.has(`${f}->${t}`)))('allowed %s → %s', (from, to) => {
    it('is allowed and passes assertTransition', () => {
      expect(isTransitionAllowed(ModelVersionLifecycle, from, to)).toBe(true);
      expect(() => assertTransition(ModelVersionLifecycle, from, to)).not.toThrow();
    });
  });

  describe.each(PAIRS.filter(([f, t]) => !ALLOWED.has(`${f}->${t}`)))('forbidden %s → %s', (from, to) => {
    it('is refused with invalid_state_transition', () => {
      expect(isTransitionAllowed(ModelVersionLifecycle, from, to)).toBe(false);
      expect(() => assertTransition(ModelVersionLifecycle, from, to, 'sepsis-risk@4')).toThrow(DomainError);
      try {
        assertTransition(ModelVersionLifecycle, from, to, 'sepsis-risk@4');
      } catch (e) {
        expect((e as DomainError).code).toBe('invalid_state_transition');
        expect((e as DomainError).message).toMatch(new RegExp(`^sepsis-risk@4 is ${from}; it cannot become ${to} `));
      }
    });
  });

  it('ends only in archived', () => {
    expect(terminalStates(ModelVersionLifecycle)).toEqual(['archived']);
  });
});
