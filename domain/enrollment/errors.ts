import { Conflict } from '../errors';

/**
 * Failures of the enrollment transaction's conditions, raised where the rule lives (the
 * conditions built by the enrollment repository) and turned into a counselor's reason by
 * `rejectionForFailure` in rules.ts.
 */

/** Another attempt settled the request first (a duplicate delivery, a concurrent retry). */
export class RequestAlreadySettled extends Conflict {}
/** The grade's seats were taken by concurrent enrollments. */
export class SeatsTaken extends Conflict {}
/** The student has an active enrollment for the year already. */
export class AlreadyEnrolled extends Conflict {}
/** The school year was closed or removed while the request waited. */
export class SchoolYearNotOpen extends Conflict {}
