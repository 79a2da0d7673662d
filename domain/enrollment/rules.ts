import { Invalid, NotFound, UniqueClaimTaken } from '../errors';
import { AlreadyEnrolled, SchoolYearNotOpen, SeatsTaken } from './errors';
import type { EnrollmentRequest, Rejection, Resolution } from './schemas';

/** What the consumer has read about a request's school, year, student and guardians. */
export interface EnrollmentFacts {
  readonly school?: { readonly status: string; readonly gradeLevels: readonly string[] };
  readonly schoolYear?: { readonly status: string; readonly startDate: string; readonly endDate: string; readonly capacity?: number };
  /** Seats already taken in the requested grade (only read when the grade has a capacity). */
  readonly seatsTaken: number;
  /** For a transfer or a merge: the existing student, when found (and not deleted). */
  readonly existingStudent?: { readonly id: string };
  /** The existing student's active enrollment in the requested year. */
  readonly activeEnrollment?: { readonly schoolId: string; readonly enrollmentId: string; readonly entryDate: string };
  /** Students that look like the new one. */
  readonly duplicateCandidates: readonly { studentId: string; matchedOn: 'districtStudentId' | 'nameAndBirthDate' }[];
  /** Guardian ids named by the request that do not exist (or were deleted). */
  readonly missingGuardianIds: readonly string[];
  /** Guardians the student would have after this enrollment. */
  readonly guardianCount: number;
}

/**
 * Every reason the district would refuse this enrollment, in terms a counselor can act on.
 * The transaction that enrolls re-checks the ones a concurrent writer could change (seats,
 * duplicates, one enrollment a year) with DynamoDB conditions.
 */
export function rejectionsFor(request: EnrollmentRequest, facts: EnrollmentFacts, resolution?: Resolution): Rejection[] {
  const reasons: Rejection[] = [];
  const { school, schoolYear } = facts;
  if (!school || school.status !== 'active') {
    reasons.push({ code: 'school-not-open', message: 'The school does not exist or is closed.' });
  } else if (!school.gradeLevels.includes(request.gradeLevel)) {
    reasons.push({
      code: 'grade-not-offered',
      message: `The school does not offer grade ${request.gradeLevel} (it offers ${school.gradeLevels.join(', ')}).`,
    });
  }
  if (!schoolYear || schoolYear.status === 'closed') {
    reasons.push({
      code: 'school-not-open',
      message: `The school has no open ${request.schoolYear} school year; an administrator must set up its calendar first.`,
    });
  } else if (request.entryDate < schoolYear.startDate || request.entryDate > schoolYear.endDate) {
    reasons.push({
      code: 'entry-date-outside-year',
      message: `The entry date ${request.entryDate} is outside the school year (${schoolYear.startDate} to ${schoolYear.endDate}).`,
    });
  }
  if (schoolYear?.capacity !== undefined && facts.seatsTaken >= schoolYear.capacity) {
    reasons.push({
      code: 'grade-full',
      message: `Grade ${request.gradeLevel} is full (${facts.seatsTaken} of ${schoolYear.capacity} seats); offer another school or the wait list.`,
    });
  }

  const needsExisting = request.kind === 'transfer' || resolution?.action === 'merge';
  if (needsExisting && !facts.existingStudent) {
    reasons.push({ code: 'student-not-found', message: 'The student to transfer or merge into does not exist.' });
  }
  if (
    facts.activeEnrollment &&
    facts.activeEnrollment.schoolId !== request.schoolId &&
    request.entryDate <= facts.activeEnrollment.entryDate
  ) {
    reasons.push({
      code: 'entry-date-outside-year',
      message: `The entry date ${request.entryDate} must come after the current enrollment's entry date ${facts.activeEnrollment.entryDate}.`,
    });
  }
  if (facts.activeEnrollment?.schoolId !== undefined && facts.activeEnrollment.schoolId === request.schoolId) {
    reasons.push({ code: 'already-enrolled', message: `The student is already enrolled at this school for ${request.schoolYear}.` });
  }
  if (request.kind === 'new' && resolution === undefined && facts.duplicateCandidates.length > 0) {
    reasons.push({
      code: 'possible-duplicate',
      message:
        'A student with the same district id, or the same name and birth date, exists. Merge into that student or confirm this is a new one.',
      candidates: facts.duplicateCandidates,
    });
  }
  if (facts.missingGuardianIds.length > 0) {
    reasons.push({ code: 'missing-guardian', message: `Guardian ${facts.missingGuardianIds.join(', ')} does not exist.` });
  } else if (facts.guardianCount === 0) {
    reasons.push({ code: 'missing-guardian', message: 'A student must have at least one guardian; add one to the request.' });
  }
  return reasons;
}

/** The day before a date (an enrollment ended by a transfer exits the day before the new one starts). */
export function dayBefore(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The counselor's reason for a failed condition of the enrollment transaction: something that
 * changed between reading the facts and writing (seats taken, a year closed, a guardian deleted,
 * the same child enrolled at the same moment). Undefined for failures that are not the family's
 * to fix (a stale read, a fault): those are retried by the queue.
 */
export function rejectionForFailure(error: unknown): Rejection | undefined {
  if (error instanceof SeatsTaken) return { code: 'grade-full', message: error.message };
  if (error instanceof AlreadyEnrolled) return { code: 'already-enrolled', message: error.message };
  if (error instanceof SchoolYearNotOpen) return { code: 'school-not-open', message: error.message };
  if (error instanceof UniqueClaimTaken) {
    return { code: 'possible-duplicate', message: `${error.message} Merge into that student or confirm this is a new one.` };
  }
  if (error instanceof NotFound || (error instanceof Invalid && error.issues.some((issue) => issue.field === 'guardianId'))) {
    return { code: 'missing-guardian', message: 'A guardian named by the request was deleted meanwhile.' };
  }
  if (error instanceof Invalid && error.issues.some((issue) => issue.field === 'schoolId')) {
    return { code: 'school-not-open', message: 'The school was removed meanwhile.' };
  }
  return undefined;
}
