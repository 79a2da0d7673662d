import type { Row } from './row';
import { CONFIDENTIAL_ROWS } from './rows-confidential';
import { ATTENDANCE_ROWS, FAMILY_ROWS, GRADEBOOK_ROWS, SCHEDULING_ROWS } from './rows-classes';
import { ONEROSTER_ROWS } from './rows-oneroster';
import { ENROLLMENT_ROWS, PEOPLE_ROWS, SCHOOL_ROWS } from './rows-people';

export type { MatrixRequest, Row, Subject } from './row';

/** Every route of the manifest, by route key. A route without a row fails the matrix test. */
export const ROWS: Readonly<Record<string, Row>> = {
  ...SCHOOL_ROWS,
  ...PEOPLE_ROWS,
  ...ENROLLMENT_ROWS,
  ...SCHEDULING_ROWS,
  ...ATTENDANCE_ROWS,
  ...GRADEBOOK_ROWS,
  ...FAMILY_ROWS,
  ...ONEROSTER_ROWS,
  ...CONFIDENTIAL_ROWS,
};
