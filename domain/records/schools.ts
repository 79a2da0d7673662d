import { keys } from '../keys';
import { BellScheduleSchema, checkBellSchedule, checkSchoolYear, SchoolYearSchema } from '../schemas/calendar';
import { checkSchool, SchoolSchema } from '../schemas/school';
import { define, id, type Reference } from './record-kind';

/** Record kinds of schools and their calendars. */

export const schoolType = define({
  entity: 'school',
  label: 'School',
  resource: 'school',
  source: 'sis.schools',
  schema: SchoolSchema,
  idParams: ['schoolId'],
  // A school's region decides which regional staff serve it: a district decision, not the school's.
  accessFields: ['regionId'],
  key: (ids) => keys.school(id(ids, 'schoolId')),
  check: checkSchool,
  indexKeys: (school, ids) => keys.schoolsByName(school.name, id(ids, 'schoolId')),
  // The region's listing: moved, added or removed with the school's regionId, gone while the school is deleted.
  projections: (school, ids) => (school.regionId ? [keys.schoolOfRegion(school.regionId, id(ids, 'schoolId'))] : []),
  uniques: (school) => [{ key: keys.schoolCode(school.code), field: 'code' }],
  schoolIds: (_school, ids) => [id(ids, 'schoolId')],
});

/** A reference to the school a record belongs to, checked in the record's transaction. */
export const schoolReference = (schoolId: string, field: string): Reference => ({ type: schoolType, ids: { schoolId }, field });

export const schoolYearType = define({
  entity: 'schoolYear',
  label: 'School Year',
  resource: 'calendar',
  source: 'sis.schools',
  schema: SchoolYearSchema,
  idParams: ['schoolId', 'schoolYear'],
  immutable: ['schoolYear'],
  key: (ids) => keys.schoolYear(id(ids, 'schoolId'), id(ids, 'schoolYear')),
  newId: (year) => year.schoolYear,
  check: checkSchoolYear,
  references: (_year, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_year, ids) => [id(ids, 'schoolId')],
});

export const bellScheduleType = define({
  entity: 'bellSchedule',
  label: 'Bell Schedule',
  resource: 'calendar',
  source: 'sis.schools',
  schema: BellScheduleSchema,
  idParams: ['schoolId', 'bellScheduleId'],
  key: (ids) => keys.bellSchedule(id(ids, 'schoolId'), id(ids, 'bellScheduleId')),
  check: checkBellSchedule,
  references: (_schedule, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_schedule, ids) => [id(ids, 'schoolId')],
});
