import { DomainError } from '../../errors/domain-error';

/** Runs `fn` and returns the DomainError it throws; fails the test if it returns or throws anything else. */
export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
