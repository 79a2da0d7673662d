import { Conflict } from '../errors';
import type { Refusal } from './placement';
import type { Overlap } from './slots';

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

/** A student a section's new meetings would double-book, and the classes in the way. */
export interface DoubleBooked {
  readonly studentId: string;
  /** As the school knows the student: preferred first name (else legal) and legal last name. */
  readonly name: string;
  readonly conflicts: readonly {
    readonly sectionId: string;
    readonly sectionNumber: string;
    readonly courseCode?: string;
    /** When the two classes meet at once. */
    readonly overlaps: readonly Overlap[];
  }[];
}

/**
 * A section's meeting change would put some of its students in two classes at once: 409
 * problem+json whose `students` name each of them (id and name) with the classes in the way.
 */
export class SectionMoveRefused extends Conflict {
  constructor(readonly students: readonly DoubleBooked[]) {
    const names = students.map((student) => `${student.name} (${student.studentId})`).join(', ');
    super(
      `The section's new meetings would double-book ${students.length} of its students: ${names}. ` +
        'Move them out of the classes in the way (or out of this section) first.',
    );
    this.details = { students };
  }
}
