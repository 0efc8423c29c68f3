import { DomainError } from '../errors/domain-error';
import {
  APPROVAL_REQUEST_STATUSES,
  ApprovalRequestLifecycle,
  type ApprovalRequestStatus,
} from './approval-request-lifecycle.machine';
import { assertTransition, isTransitionAllowed, terminalStates } from './state-machine';

// Written out by hand from the specification, not derived from the table under test.
const ALLOWED = new Set([
  'open->approved',
  'open->rejected',
  'open->stale',
  'open->withdrawn',
  'approved->expired',
  'approved->stale',
]);

const STATES: ApprovalRequestStatus[] = ['open', 'approved', 'rejected', 'stale', 'withdrawn', 'expired'];
const PAIRS = STATES.flatMap((from) => STATES.map((to) => [from, to] as const));

describe('ApprovalRequestLifecycle', () => {
  it('has exactly the six request statuses', () => {
    expect([...APPROVAL_REQUEST_STATUSES]).toEqual(STATES);
    expect(ApprovalRequestLifecycle.states).toEqual(STATES);
  });

  it('covers all 36 pairs in this spec', () => {
    expect(PAIRS).toHaveLength(36);
    expect(PAIRS.filter(([f, t]) => ALLOWED.has(`${f}->${t}`))).toHaveLength(ALLOWED.size);
  });

  describe.each(PAIRS.filter(([f, t]) => ALLOWED.has(`${f}->${t}`)))('allowed %s → %s', (from, to) => {
    it('is allowed and passes assertTransition', () => {
      expect(isTransitionAllowed(ApprovalRequestLifecycle, from, to)).toBe(true);
      expect(() => assertTransition(ApprovalRequestLifecycle, from, to)).not.toThrow();
    });
  });

  describe.each(PAIRS.filter(([f, t]) => !ALLOWED.has(`${f}->${t}`)))('forbidden %s → %s', (from, to) => {
    it('is refused with invalid_state_transition', () => {
      expect(isTransitionAllowed(ApprovalRequestLifecycle, from, to)).toBe(false);
      let error: unknown;
      try {
        assertTransition(ApprovalRequestLifecycle, from, to);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid_state_transition');
      expect((error as DomainError).message).toMatch(
        new RegExp(`^The approval request is ${from}; it cannot become ${to} `),
      );
    });
  });

  it('ends in rejected, stale, withdrawn and expired', () => {
    expect(terminalStates(ApprovalRequestLifecycle)).toEqual(['rejected', 'stale', 'withdrawn', 'expired']);
  });
});
