/** Keys of schools and their calendars (years, bell schedules). */
import { normalizeName, type IndexKeys, type Key } from './key-parts';

const SCHOOLS_PARTITION = 'SCHOOLS';

export const schoolKeys = {
  school: (schoolId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: 'SCHOOL' }),
  /** gsi1: every school of the district by name (a few hundred items, read by staff only). */
  schoolsByName: (name: string, schoolId: string): IndexKeys => ({
    gsi1pk: SCHOOLS_PARTITION,
    gsi1sk: `${normalizeName(name)}#${schoolId}`,
  }),
  allSchoolsPartition: () => SCHOOLS_PARTITION,
  schoolCode: (code: string): Key => ({ pk: `SCHOOLCODE#${code.toUpperCase()}`, sk: 'UNIQUE' }),
  schoolYear: (schoolId: string, schoolYear: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `YEAR#${schoolYear}` }),
  schoolYearsOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'YEAR#' }),
  /**
   * A school's item in its region's partition, kept by the record engine in the school's own
   * transaction (a projection): a region's schools are one Query (decision 0087).
   */
  schoolOfRegion: (regionId: string, schoolId: string): Key => ({ pk: `REGION#${regionId}`, sk: `SCHOOL#${schoolId}` }),
  schoolsOfRegion: (regionId: string) => ({ pk: `REGION#${regionId}`, skPrefix: 'SCHOOL#' }),
  bellSchedule: (schoolId: string, bellScheduleId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `BELL#${bellScheduleId}` }),
  bellSchedulesOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'BELL#' }),
};
