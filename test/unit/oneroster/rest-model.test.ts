import { academicSessions, enrollment, guardianUser, parseSessionId, staffUser, studentUser } from '../../../domain/oneroster/rest-model';
import { result } from '../../../domain/oneroster/rest-gradebook';
import { toStatusInfo } from '../../../domain/oneroster/rest-status';
import { NotFound } from '../../../domain/errors';
import { QueryError } from '../../../domain/oneroster/query';

const at = '2026-08-01T10:00:00.000Z';

describe('SIS records as OneRoster objects', () => {
  test('a school year gives its year, terms and grading periods, linked parent to child, with the ending year', () => {
    const sessions = academicSessions(
      {
        id: '2026-2027',
        updatedAt: at,
        data: {
          schoolYear: '2026-2027',
          startDate: '2026-08-20',
          endDate: '2027-06-10',
          status: 'active',
          terms: [{ code: 'S1', name: 'Fall', startDate: '2026-08-20', endDate: '2027-01-15' }],
          gradingPeriods: [{ code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-08-20', endDate: '2026-10-20' }],
          nonInstructionalDays: [],
          gradeCapacities: {},
        },
      },
      'SCH1',
    );
    expect(sessions.map((session) => [session.sourcedId, session.type, session.schoolYear])).toEqual([
      ['SCH1.2026-2027', 'schoolYear', '2027'],
      ['SCH1.2026-2027.term.S1', 'term', '2027'],
      ['SCH1.2026-2027.gp.Q1', 'gradingPeriod', '2027'],
    ]);
    expect((sessions[1] as { parent?: { sourcedId: string } }).parent?.sourcedId).toBe('SCH1.2026-2027');
    expect((sessions[2] as { parent?: { sourcedId: string } }).parent?.sourcedId).toBe('SCH1.2026-2027.term.S1');
    expect(sessions[0]!.children.map((child) => child.sourcedId)).toEqual(['SCH1.2026-2027.term.S1']);
    expect(parseSessionId('SCH1.2026-2027.gp.Q1')).toEqual({
      kind: 'gradingPeriod',
      schoolId: 'SCH1',
      schoolYear: '2026-2027',
      code: 'Q1',
    });
    expect(parseSessionId('SCH1.nope')).toBeUndefined();
  });

  test('a student is a user with the student role at their school, and a deleted one is tobedeleted and disabled', () => {
    const user = studentUser(
      {
        id: 'ST1',
        updatedAt: at,
        deletedAt: '2026-09-01T00:00:00.000Z',
        data: {
          districtStudentId: 'D-1',
          schoolId: 'SCH1',
          legalName: { first: 'Ana', last: 'Lopez' },
          birthDate: '2011-02-03',
          gender: 'female',
          gradeLevel: '09',
          homeLanguage: 'es',
        },
      },
      ['G1'],
    );
    expect(user).toMatchObject({
      sourcedId: 'ST1',
      status: 'tobedeleted',
      enabledUser: 'false',
      dateLastModified: '2026-09-01T00:00:00.000Z',
      givenName: 'Ana',
      familyName: 'Lopez',
      roles: [
        { roleType: 'primary', role: 'student', org: { sourcedId: 'SCH1', type: 'org', href: '/ims/oneroster/rostering/v1p2/orgs/SCH1' } },
      ],
      agents: [{ sourcedId: 'G1', type: 'user' }],
      grades: ['09'],
    });
    expect(user).not.toHaveProperty('birthDate');
  });

  test("a user's application profiles are its userProfiles, each credential with its user name and never a password", () => {
    const teacher = staffUser({
      id: 'T2',
      updatedAt: at,
      data: {
        name: { first: 'Tess', last: 'Ng' },
        employeeId: 'E2',
        email: 'tess@district.example',
        staffType: 'teacher',
        assignments: [{ schoolId: 'A', primary: true }],
        applicationProfiles: [
          { profileId: 'E2.lms', profileType: 'lms', vendorId: 'district-lms', credentialType: 'sso', username: 'tng' },
        ],
      },
    });
    expect(teacher.userProfiles).toEqual([
      { profileId: 'E2.lms', profileType: 'lms', vendorId: 'district-lms', credentials: [{ type: 'sso', username: 'tng' }] },
    ]);
  });

  test('staff get a role per school (the primary one first), guardians a role from their relationship', () => {
    const teacher = staffUser({
      id: 'T1',
      updatedAt: at,
      data: {
        name: { first: 'Tess', last: 'Ng' },
        employeeId: 'E1',
        email: 'tess@district.example',
        staffType: 'teacher',
        assignments: [
          { schoolId: 'A', primary: false },
          { schoolId: 'B', primary: true },
        ],
      },
    });
    expect(teacher.roles.map((role) => [role.roleType, role.role, role.org.sourcedId])).toEqual([
      ['secondary', 'teacher', 'A'],
      ['primary', 'teacher', 'B'],
    ]);
    expect(teacher.primaryOrg.sourcedId).toBe('B');
    const guardian = guardianUser({ id: 'G1', updatedAt: at, data: { name: { first: 'Rosa', last: 'Lopez' }, preferredLanguage: 'es' } }, [
      { studentId: 'ST1', schoolId: 'SCH1', relationship: 'legal_guardian' },
    ]);
    expect(guardian.roles).toEqual([expect.objectContaining({ role: 'guardian', org: expect.objectContaining({ sourcedId: 'SCH1' }) })]);
    expect(guardian.agents.map((agent) => agent.sourcedId)).toEqual(['ST1']);
  });

  test('enrollments and results carry composite sourcedIds and references', () => {
    expect(enrollment({ sectionId: 'SEC', schoolId: 'SCH1', userId: 'T1', role: 'teacher', primary: true, updatedAt: at })).toMatchObject({
      sourcedId: 'SEC.T1',
      role: 'teacher',
      primary: 'true',
      class: { sourcedId: 'SEC' },
      user: { sourcedId: 'T1' },
    });
    expect(
      result({
        id: 'ST1',
        updatedAt: at,
        data: { sectionId: 'SEC', schoolId: 'SCH1', assignmentId: 'AS', studentId: 'ST1', status: 'missing' },
      }),
    ).toMatchObject({ sourcedId: 'SEC.AS.ST1', scoreStatus: 'not submitted', lineItem: { sourcedId: 'SEC.AS' }, scoreDate: '2026-08-01' });
  });
});

describe('imsx_StatusInfo', () => {
  test('a bad filter is a 400 with its code minor; an unknown id a 404 unknownobject; a fault says nothing more', () => {
    expect(toStatusInfo(new QueryError('invalid_filter_field', 'no'))).toMatchObject({
      status: 400,
      body: {
        imsx_codeMajor: 'failure',
        imsx_severity: 'error',
        imsx_CodeMinor: {
          imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'invalid_filter_field' }],
        },
      },
    });
    expect(toStatusInfo(new NotFound('x')).status).toBe(404);
    expect(toStatusInfo(new Error('secret detail'))).toMatchObject({
      status: 500,
      body: { imsx_description: expect.not.stringContaining('secret') },
    });
  });
});
