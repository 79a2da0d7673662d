import { keys, nameSearchPrefix } from '../keys';
import {
  advisorType,
  bellScheduleType,
  gradingScaleType,
  courseType,
  guardianLinkType,
  guardianType,
  schoolType,
  schoolYearType,
  sectionCoverType,
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
/** A list of one parent's items: the partition and sort-key prefix its key builder gives for the id named `param`. */
const itemsOf = (param: string, query: (id: string) => { pk: string; skPrefix: string }) => ({
  partition: (ids: Ids) => query(need(ids, param)).pk,
  sortKeyPrefix: (ids: Ids) => query(need(ids, param)).skPrefix,
});

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
    ...itemsOf('schoolId', keys.schoolYearsOfSchool),
  },
  bellSchedulesOfSchool: {
    id: 'bellSchedulesOfSchool',
    type: bellScheduleType,
    nameSearch: 'none',
    ...itemsOf('schoolId', keys.bellSchedulesOfSchool),
  },
  gradingScalesOfSchool: {
    id: 'gradingScalesOfSchool',
    type: gradingScaleType,
    nameSearch: 'none',
    ...itemsOf('schoolId', keys.gradingScalesOfSchool),
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
    ...itemsOf('studentId', keys.guardiansOfStudent),
  },
  childrenOfGuardian: {
    id: 'childrenOfGuardian',
    type: guardianLinkType,
    index: 'gsi1',
    nameSearch: 'none',
    ...itemsOf('guardianId', keys.childrenOfGuardianQuery),
  },
  coursesOfSchool: {
    id: 'coursesOfSchool',
    type: courseType,
    index: 'gsi1',
    nameSearch: 'none',
    partition: (ids) => keys.coursesOfSchool(need(ids, 'schoolId')),
    sortKeyPrefix: () => '',
  },
  advisorsOfStudent: {
    id: 'advisorsOfStudent',
    type: advisorType,
    nameSearch: 'none',
    ...itemsOf('studentId', keys.advisorsOfStudent),
  },
  adviseesOfStaff: {
    id: 'adviseesOfStaff',
    type: advisorType,
    index: 'gsi1',
    nameSearch: 'none',
    ...itemsOf('staffId', keys.adviseesOfStaffQuery),
  },
  coversOfSection: {
    id: 'coversOfSection',
    type: sectionCoverType,
    nameSearch: 'none',
    ...itemsOf('sectionId', keys.coversOfSection),
  },
  transferCreditsOfStudent: {
    id: 'transferCreditsOfStudent',
    type: transferCreditType,
    nameSearch: 'none',
    ...itemsOf('studentId', keys.transferCreditsOfStudent),
  },
} satisfies Record<string, Listing>;

export type ListingId = keyof typeof DEFINITIONS;
export const LISTINGS: Readonly<Record<ListingId, Listing>> = DEFINITIONS;
