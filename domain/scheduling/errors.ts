import { Conflict } from '../errors';
import type { Refusal } from './placement';

/**
 * A student cannot be put in a section: 409 problem+json whose `refusals` name what is in the
 * way (the other section and its period, the full section with its capacity, the missing
 * prerequisite), each with a stable code.
 */
export class AssignmentRefused extends Conflict {
  constructor(readonly refusals: readonly Refusal[]) {
    super(refusals.map((refusal) => refusal.message).join(' '));
    this.details = { refusals };
  }
}

/** Raised by the assignment transaction's conditions when a concurrent writer got there first. */
export const refusedInTransaction = (refusal: Refusal) => new AssignmentRefused([refusal]);
