/**
 * The fields of each OneRoster 1.2 REST object, as the binding names them: what `fields`,
 * `sort` and `filter` may name. A field the SIS never fills may still be named (it matches no
 * filter and is left out of a projection).
 */
import { STANDARD_COLUMNS } from './csv-files';

const COMMON = ['sourcedId', 'status', 'dateLastModified', 'metadata'] as const;

/** The demographics fields after the common ones: the CSV binding's columns, one list for both bindings. */
const [_sourcedId, _status, _dateLastModified, ...DEMOGRAPHIC_FIELDS] = STANDARD_COLUMNS.demographics;

export const OBJECT_FIELDS = {
  org: [...COMMON, 'name', 'type', 'identifier', 'parent', 'children'],
  academicSession: [...COMMON, 'title', 'startDate', 'endDate', 'type', 'parent', 'children', 'schoolYear', 'org'],
  course: [...COMMON, 'title', 'schoolYear', 'courseCode', 'grades', 'subjects', 'org', 'subjectCodes', 'resources'],
  class: [
    ...COMMON,
    'title',
    'classCode',
    'classType',
    'location',
    'grades',
    'subjects',
    'course',
    'school',
    'terms',
    'subjectCodes',
    'periods',
    'resources',
  ],
  user: [
    ...COMMON,
    'userMasterIdentifier',
    'username',
    'userIds',
    'enabledUser',
    'givenName',
    'familyName',
    'middleName',
    'preferredFirstName',
    'preferredMiddleName',
    'preferredLastName',
    'pronouns',
    'roles',
    'userProfiles',
    'identifier',
    'email',
    'sms',
    'phone',
    'agents',
    'grades',
    'primaryOrg',
  ],
  enrollment: [...COMMON, 'class', 'user', 'school', 'role', 'primary', 'beginDate', 'endDate'],
  demographics: [...COMMON, ...DEMOGRAPHIC_FIELDS],
  category: [...COMMON, 'title', 'weight'],
  lineItem: [
    ...COMMON,
    'title',
    'description',
    'assignDate',
    'dueDate',
    'class',
    'school',
    'category',
    'gradingPeriod',
    'academicSession',
    'scoreScale',
    'resultValueMin',
    'resultValueMax',
  ],
  result: [...COMMON, 'lineItem', 'student', 'class', 'scoreScale', 'scoreStatus', 'score', 'textScore', 'scoreDate', 'comment'],
} as const satisfies Record<string, readonly string[]>;

export type ObjectKind = keyof typeof OBJECT_FIELDS;
