import { DomainError } from '../errors/domain-error';

/**
 * A finite set of states and the moves allowed between them, as data: the docs' diagrams, the tests' cross
 * products and the runtime check all read the same table, so they cannot disagree.
 */
export interface StateMachine<S extends string> {
  /** What the states belong to, as a sentence would name it: "model version", "approval request". */
  readonly subject: string;
  readonly states: readonly S[];
  readonly transitions: { readonly [From in S]: readonly S[] };
}

export function defineStateMachine<S extends string>(
  subject: string,
  states: readonly S[],
  transitions: { readonly [From in S]: readonly S[] },
): StateMachine<S> {
  for (const state of states) {
    if (!Object.hasOwn(transitions, state))
      throw new Error(`${subject} state machine: no transitions given for "${state}"`);
  }
  for (const [from, targets] of Object.entries<readonly string[]>(transitions)) {
    if (!states.includes(from as S)) throw new Error(`${subject} state machine: unknown state "${from}"`);
    for (const to of targets) {
      if (!states.includes(to as S)) throw new Error(`${subject} state machine: unknown state "${to}"`);
      if (to === from) throw new Error(`${subject} state machine: "${from}" cannot move to itself`);
    }
  }
  return Object.freeze({
    subject,
    states: Object.freeze([...states]),
    transitions: Object.freeze(
      Object.fromEntries(states.map((s) => [s, Object.freeze([...transitions[s]])])) as {
        [From in S]: readonly S[];
      },
    ),
  });
}

/** Whether `value` is one of the machine's states; statuses read back from storage are plain strings. */
export function isStateOf<S extends string>(machine: StateMachine<S>, value: unknown): value is S {
  return typeof value === 'string' && (machine.states as readonly string[]).includes(value);
}

/** Whether `from → to` is allowed. Staying in the same state is not a transition and is never allowed. */
export function isTransitionAllowed<S extends string>(machine: StateMachine<S>, from: S, to: S): boolean {
  if (!isStateOf(machine, from) || !isStateOf(machine, to)) return false;
  return machine.transitions[from].includes(to);
}

/** States with no way out. */
export function terminalStates<S extends string>(machine: StateMachine<S>): S[] {
  return machine.states.filter((s) => machine.transitions[s].length === 0);
}

/**
 * Refuses a move the machine does not allow, naming where the thing could go instead. `what` names the
 * particular thing ("sepsis-risk@4", "approval request 12") and defaults to the machine's subject.
 */
export function assertTransition<S extends string>(machine: StateMachine<S>, from: S, to: S, what?: string): void {
  if (isTransitionAllowed(machine, from, to)) return;
  const name = what ?? `The ${machine.subject}`;
  const allowed = isStateOf(machine, from) ? machine.transitions[from] : [];
  const options =
    allowed.length === 0
      ? `${from} is final`
      : `from ${from} it can only become ${allowed.length === 1 ? allowed[0] : `one of: ${allowed.join(', ')}`}`;
  throw new DomainError(
    'invalid_state_transition',
    `${name} is ${from}; it cannot become ${to} (${options}).`,
    undefined,
    {
      subject: machine.subject,
      from,
      to,
      allowed: [...allowed],
    },
  );
}
