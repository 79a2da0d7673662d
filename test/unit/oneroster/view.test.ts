import { sisIdFor } from '../../../domain/oneroster/csv-ids';
import { restObjects } from '../../../domain/oneroster/rest-model';
import type { StoredRow } from '../../../domain/oneroster/roster-rows';
import { buildView, type SisRecord } from '../../../domain/oneroster/view';
import { studentBody } from '../../support/fixtures';

const AT = '2026-09-01T00:00:00.000Z';
const LATER = '2026-09-15T00:00:00.000Z';
const SCHOOL = sisIdFor('org', 'sch-1');
const STUDENT = sisIdFor('user', 'stu-1');
const kept = (
  file: StoredRow['file'],
  row: Record<string, string>,
  sis?: StoredRow['sis'],
  derived?: Record<string, string>,
): StoredRow => ({
  file,
  sourcedId: row.sourcedId!,
  version: 1,
  status: 'active',
  row,
  createdAt: AT,
  updatedAt: AT,
  updatedBy: 'oneroster-import',
  ...(sis ? { sis } : {}),
  ...(derived ? { derived } : {}),
});
const record = (
  entity: string,
  ids: Record<string, string>,
  data: Record<string, unknown>,
  version = 1,
  extra: Partial<SisRecord> = {},
): SisRecord => ({
  entity,
  id: Object.values(ids).at(-1)!,
  ids,
  version,
  data,
  updatedAt: AT,
  ...extra,
});

const userRow = {
  sourcedId: 'stu-1',
  enabledUser: 'true',
  username: 'bruce',
  givenName: 'Bruce',
  familyName: 'Wayne',
  identifier: 'bruce.wayne',
  userIds: '{LDAP:12}',
  grades: '03',
  primaryOrgSourcedId: 'sch-1',
  pronouns: 'he/him',
};
const studentData = { ...studentBody(SCHOOL), legalName: { first: 'Bruce', last: 'Wayne' }, districtStudentId: 'bruce-wayne' };
const inputs = (student: SisRecord | undefined, extra: SisRecord[] = []) => ({
  rows: {
    orgs: [
      kept('orgs', { sourcedId: 'dist', name: 'Gotham ISD', type: 'district' }),
      kept('orgs', { sourcedId: 'sch-1', name: 'Gotham High', type: 'school', parentSourcedId: 'dist' }, [
        { entity: 'school', ids: { schoolId: SCHOOL }, version: 1 },
      ]),
    ],
    users: [
      kept('users', userRow, [{ entity: 'student', ids: { studentId: STUDENT }, version: 1 }], {
        identifier: 'bruce-wayne',
        username: 'bruce-wayne',
      }),
    ],
    roles: [kept('roles', { sourcedId: 'r1', userSourcedId: 'stu-1', roleType: 'primary', role: 'student', orgSourcedId: 'sch-1' })],
  },
  records: new Map<string, SisRecord[]>([
    ['school', [record('school', { schoolId: SCHOOL }, { name: 'Gotham High', code: 'GHS' })]],
    ['student', student ? [student] : []],
    ['section', extra.filter((entry) => entry.entity === 'section')],
    ['course', extra.filter((entry) => entry.entity === 'course')],
  ]),
  complete: new Set(['school', 'student', 'section', 'course']),
});

describe("the district's view", () => {
  it('serves a kept row as the district gave it while the SIS has not changed its record', () => {
    const view = buildView(inputs(record('student', { studentId: STUDENT }, studentData)), ['users', 'roles', 'orgs']);
    expect(view.users).toEqual([{ row: userRow, status: 'active', lastModified: AT }]);
    expect(view.orgs.map((entry) => entry.row.sourcedId)).toEqual(['dist', 'sch-1']);
  });

  it('lays over it the columns the SIS changed since, and only those, with their date', () => {
    const renamed = record('student', { studentId: STUDENT }, { ...studentData, legalName: { first: 'Brucie', last: 'Wayne' } }, 2, {
      updatedAt: LATER,
    });
    const [entry] = buildView(inputs(renamed), ['users']).users;
    expect(entry).toMatchObject({ status: 'active', lastModified: LATER, row: { ...userRow, givenName: 'Brucie' } });
  });

  it('serves a row whose record the SIS deleted as tobedeleted, its roles with it', () => {
    const view = buildView(inputs(undefined), ['users', 'roles']);
    expect(view.users[0]!.status).toBe('tobedeleted');
    expect(view.roles[0]!.status).toBe('tobedeleted');
  });

  it("names the SIS's own records' references by the district's sourcedIds", () => {
    const courseId = sisIdFor('course', 'ENG-1@x');
    const sectionId = '01J9Z8Y7X6W5V4T3S2R1Q0P9K1';
    const section = record(
      'section',
      { sectionId },
      {
        schoolId: SCHOOL,
        courseId,
        schoolYear: '2026-2027',
        termCode: 'S1',
        sectionNumber: '01',
        meetings: [{ period: 'P1', days: ['MON'] }],
        teachers: [],
      },
    );
    const withCourse = inputs(record('student', { studentId: STUDENT }, studentData), [section]);
    withCourse.rows = {
      ...withCourse.rows,
      courses: [
        kept('courses', { sourcedId: 'ENG-1', title: 'English', orgSourcedId: 'sch-1' }, [
          { entity: 'course', ids: { courseId }, version: 1 },
        ]),
      ],
    } as typeof withCourse.rows;
    const [klass] = buildView(withCourse, ['classes']).classes;
    expect(klass!.row).toMatchObject({ sourcedId: sectionId, courseSourcedId: 'ENG-1', schoolSourcedId: 'sch-1' });
  });
});

describe('REST objects', () => {
  it("carry the CSV row's values as the REST binding shapes them: roles inside the user, references as GUIDRefs", () => {
    const view = buildView(inputs(record('student', { studentId: STUDENT }, studentData)), ['orgs', 'users', 'roles']);
    const objects = restObjects(view, 'dist');
    expect(objects.users).toEqual([
      expect.objectContaining({
        sourcedId: 'stu-1',
        identifier: 'bruce.wayne',
        userIds: [{ type: 'LDAP', identifier: '12' }],
        roles: [
          {
            roleType: 'primary',
            role: 'student',
            org: { href: '/ims/oneroster/rostering/v1p2/orgs/sch-1', sourcedId: 'sch-1', type: 'org' },
          },
        ],
        primaryOrg: expect.objectContaining({ sourcedId: 'sch-1' }),
        grades: ['03'],
        pronouns: 'he/him',
      }),
    ]);
    expect(objects.orgs![0]).toMatchObject({ sourcedId: 'dist', children: [expect.objectContaining({ sourcedId: 'sch-1' })] });
    expect(objects).not.toHaveProperty('classes');
  });
});
