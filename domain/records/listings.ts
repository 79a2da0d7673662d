import { keys, nameSearchPrefix } from '../keys';
import {
  bellScheduleType,
  gradingScaleType,
  courseType,
  guardianLinkType,
  guardianType,
  schoolType,
  schoolYearType,
  staffType,
  studentType,
  transferCreditType,
  type Ids,
  type RecordType,
} from './record-types';

/**
 * The list access patterns: each is one Query on the table or an index, with a key condition
 * (partition + sort-key prefix). No list scans the table.
 */
export interface Listing {
  readonly id: string;
  readonly type: RecordType;
  readonly index?: 'gsi1';
  /** `required`: the caller must give `name` (the partition depends on it). */
  readonly nameSearch: 'none' | 'optional' | 'required';
  /**
   * When set, the list shows only these fields of each record (plus id and version): a search
   * across the district must not hand out every family's contact details.
   */
  readonly summaryFields?: readonly string[];
  /** The partition the list reads, or every shard of a sharded one (merged by sort key). */
  partition(ids: Ids, name: string | undefined): string | readonly string[];
  sortKeyPrefix(ids: Ids, name: string | undefined): string;
}

const byName = (name: string | undefined) => (name ? nameSearchPrefix(name) : '');
const need = (ids: Ids, name: string) => ids[name] ?? '';

const DEFINITIONS = {
  schools: {
    id: 'schools',
    type: schoolType,
    index: 'gsi1',
    nameSearch: 'optional',
    partition: () => keys.allSchoolsPartition(),
    sortKeyPrefix: (_ids, name) => byName(name),
  },
  schoolYearsOfSchool: {
    id: 'schoolYearsOfSchool',
    type: schoolYearType,
    nameSearch: 'none',
    partition: (ids) => keys.schoolYearsOfSchool(need(ids, 'schoolId')).pk,
    sortKeyPrefix: (ids) => keys.schoolYearsOfSchool(need(ids, 'schoolId')).skPrefix,
  },
  bellSchedulesOfSchool: {
    id: 'bellSchedulesOfSchool',
    type: bellScheduleType,
    nameSearch: 'none',
    partition: (ids) => keys.bellSchedulesOfSchool(need(ids, 'schoolId')).pk,
    sortKeyPrefix: (ids) => keys.bellSchedulesOfSchool(need(ids, 'schoolId')).skPrefix,
  },
  gradingScalesOfSchool: {
    id: 'gradingScalesOfSchool',
    type: gradingScaleType,
    nameSearch: 'none',
    partition: (ids) => keys.gradingScalesOfSchool(need(ids, 'schoolId')).pk,
    sortKeyPrefix: (ids) => keys.gradingScalesOfSchool(need(ids, 'schoolId')).skPrefix,
  },
  studentsOfSchool: {
    id: 'studentsOfSchool',
    type: studentType,
    index: 'gsi1',
    nameSearch: 'optional',
    partition: (ids) => keys.studentsOfSchool(need(ids, 'schoolId')),
    sortKeyPrefix: (_ids, name) => byName(name),
  },
  staffOfSchool: {
    id: 'staffOfSchool',
    type: staffType,
    index: 'gsi1',
    nameSearch: 'optional',
    partition: (ids) => keys.staffOfSchool(need(ids, 'schoolId')),
    sortKeyPrefix: (_ids, name) => byName(name),
  },
  guardiansByName: {
    id: 'guardiansByName',
    type: guardianType,
    index: 'gsi1',
    nameSearch: 'required',
    summaryFields: ['name', 'preferredLanguage'],
    partition: (_ids, name) => keys.guardiansByNamePartitions(byName(name)),
    sortKeyPrefix: (_ids, name) => byName(name),
  },
  guardiansOfStudent: {
    id: 'guardiansOfStudent',
    type: guardianLinkType,
    nameSearch: 'none',
    partition: (ids) => keys.guardiansOfStudent(need(ids, 'studentId')).pk,
    sortKeyPrefix: (ids) => keys.guardiansOfStudent(need(ids, 'studentId')).skPrefix,
  },
  childrenOfGuardian: {
    id: 'childrenOfGuardian',
    type: guardianLinkType,
    index: 'gsi1',
    nameSearch: 'none',
    partition: (ids) => keys.childrenOfGuardianQuery(need(ids, 'guardianId')).pk,
    sortKeyPrefix: (ids) => keys.childrenOfGuardianQuery(need(ids, 'guardianId')).skPrefix,
  },
  coursesOfSchool: {
    id: 'coursesOfSchool',
    type: courseType,
    index: 'gsi1',
    nameSearch: 'none',
    partition: (ids) => keys.coursesOfSchool(need(ids, 'schoolId')),
    sortKeyPrefix: () => '',
  },
  transferCreditsOfStudent: {
    id: 'transferCreditsOfStudent',
    type: transferCreditType,
    nameSearch: 'none',
    partition: (ids) => keys.transferCreditsOfStudent(need(ids, 'studentId')).pk,
    sortKeyPrefix: (ids) => keys.transferCreditsOfStudent(need(ids, 'studentId')).skPrefix,
  },
} satisfies Record<string, Listing>;

export type ListingId = keyof typeof DEFINITIONS;
export const LISTINGS: Readonly<Record<ListingId, Listing>> = DEFINITIONS;
