/** Runs a call that must fail with a DomainError and returns that error (any other outcome fails the test). */
import { DomainError } from '../../src/domain/index.js';

export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}
