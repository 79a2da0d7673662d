import { ACTIONS, decide, relationshipsFor, RESOURCES, rolesFor, RULES, type Action, type Facts, type Resource } from '../../domain/policy';
import type { Principal } from '../../domain/principal';

const SCHOOL_A = '01JA0000000000000000000000';
const SCHOOL_B = '01JB0000000000000000000000';

const districtAdmin: Principal = { sub: 'u-district', roles: ['district_admin'], staffId: 'STAFF-D', schoolIds: [] };
const adminOfA: Principal = { sub: 'u-admin-a', roles: ['school_admin'], staffId: 'STAFF-ADMIN-A', schoolIds: [SCHOOL_A] };
const adminOfAandB: Principal = { sub: 'u-admin-ab', roles: ['school_admin'], staffId: 'STAFF-ADMIN-AB', schoolIds: [SCHOOL_A, SCHOOL_B] };
const counselorOfA: Principal = { sub: 'u-counselor', roles: ['counselor'], staffId: 'STAFF-C', schoolIds: [SCHOOL_A] };
const nurseOfA: Principal = { sub: 'u-nurse', roles: ['nurse'], staffId: 'STAFF-N', schoolIds: [SCHOOL_A] };
const teacherOfA: Principal = { sub: 'u-teacher', roles: ['teacher'], staffId: 'STAFF-T', schoolIds: [SCHOOL_A] };
const parent: Principal = { sub: 'u-parent', roles: ['parent'], guardianId: 'GUARDIAN-1', schoolIds: [] };
const parentWithoutGuardianRecord: Principal = { sub: 'u-parent-2', roles: ['parent'], schoolIds: [] };
const noRoles: Principal = { sub: 'u-nobody', roles: [], schoolIds: [] };
/** A teacher at school A who is also a parent of a child at school B. */
const teacherAndParent: Principal = {
  sub: 'u-both',
  roles: ['teacher', 'parent'],
  staffId: 'STAFF-T2',
  guardianId: 'GUARDIAN-2',
  schoolIds: [SCHOOL_A],
};

const atA: Facts = { schoolIds: [SCHOOL_A] };
const atB: Facts = { schoolIds: [SCHOOL_B] };
const atAandB: Facts = { schoolIds: [SCHOOL_A, SCHOOL_B] };

type Row = [who: string, principal: Principal, action: Action, resource: Resource, facts: Facts, allowed: boolean];

const ALLOWED = true;
const DENIED = false;

const rows: Row[] = [
  // District admins manage every school.
  ['district admin', districtAdmin, 'create', 'school', {}, ALLOWED],
  ['district admin', districtAdmin, 'delete', 'school', atB, ALLOWED],
  ['district admin', districtAdmin, 'update', 'student', atB, ALLOWED],
  ['district admin', districtAdmin, 'restore', 'staff', atAandB, ALLOWED],
  ['district admin', districtAdmin, 'list', 'activity', atB, ALLOWED],
  ['district admin', districtAdmin, 'update', 'guardian', {}, ALLOWED],

  // School admins: only their own schools.
  ['admin of A', adminOfA, 'update', 'school', atA, ALLOWED],
  ['admin of A', adminOfA, 'update', 'school', atB, DENIED],
  ['admin of A', adminOfA, 'create', 'school', atA, DENIED],
  ['admin of A', adminOfA, 'delete', 'school', atA, DENIED],
  ['admin of A', adminOfA, 'create', 'calendar', atA, ALLOWED],
  ['admin of A', adminOfA, 'create', 'calendar', atB, DENIED],
  ['admin of A', adminOfA, 'read', 'student', atA, ALLOWED],
  ['admin of A', adminOfA, 'read', 'student', atB, DENIED],
  ['admin of A', adminOfA, 'delete', 'student', atA, ALLOWED],
  ['admin of A', adminOfA, 'list', 'activity', atA, ALLOWED],
  ['admin of A', adminOfA, 'list', 'activity', atB, DENIED],
  // Reads need one shared school; writes need every school of the record.
  ['admin of A, staff assigned to A and B', adminOfA, 'read', 'staff', atAandB, ALLOWED],
  ['admin of A, staff assigned to A and B', adminOfA, 'history', 'staff', atAandB, ALLOWED],
  ['admin of A, staff assigned to A and B', adminOfA, 'update', 'staff', atAandB, DENIED],
  ['admin of A, staff assigned to A and B', adminOfA, 'delete', 'staff', atAandB, DENIED],
  ['admin of A and B, staff assigned to A and B', adminOfAandB, 'update', 'staff', atAandB, ALLOWED],
  ['admin of A, guardian with children at A and B', adminOfA, 'read', 'guardian', atAandB, ALLOWED],
  ['admin of A, guardian with children at A and B', adminOfA, 'update', 'guardian', atAandB, DENIED],
  // A school-scoped grant fails closed when the API layer resolved no schools.
  ['admin of A, record with no schools resolved', adminOfA, 'update', 'student', {}, DENIED],
  ['admin of A, record with no schools resolved', adminOfA, 'read', 'student', { schoolIds: [] }, DENIED],

  // Counselors and nurses: students of their schools only.
  ['counselor of A', counselorOfA, 'read', 'student', atA, ALLOWED],
  ['counselor of A', counselorOfA, 'read', 'student', atB, DENIED],
  ['counselor of A', counselorOfA, 'list', 'student', atA, ALLOWED],
  ['counselor of A', counselorOfA, 'update', 'student', atA, ALLOWED],
  ['counselor of A', counselorOfA, 'update', 'student', atB, DENIED],
  ['counselor of A', counselorOfA, 'delete', 'student', atA, DENIED],
  ['nurse of A', nurseOfA, 'read', 'student', atA, ALLOWED],
  ['nurse of A', nurseOfA, 'read', 'student', atB, DENIED],
  ['nurse of A', nurseOfA, 'update', 'student', atA, DENIED],
  ['nurse of A', nurseOfA, 'read', 'guardianLink', atA, ALLOWED],
  ['nurse of A', nurseOfA, 'read', 'guardianLink', atB, DENIED],

  // Teachers: a student only when they teach them; serving the school is not enough.
  ['teacher of the student', teacherOfA, 'read', 'student', { ...atA, teacherOfStudent: true }, ALLOWED],
  ['teacher at the school, not of the student', teacherOfA, 'read', 'student', { ...atA, teacherOfStudent: false }, DENIED],
  ['teacher at the school, not of the student', teacherOfA, 'read', 'student', atA, DENIED],
  ['teacher of A', teacherOfA, 'list', 'student', atA, DENIED],
  ['teacher of the student', teacherOfA, 'update', 'student', { ...atA, teacherOfStudent: true }, DENIED],
  ['teacher of the student', teacherOfA, 'list', 'guardianLink', { ...atA, teacherOfStudent: true }, ALLOWED],
  ['teacher of A', teacherOfA, 'list', 'staff', atA, ALLOWED],
  ['teacher of A, own staff record', teacherOfA, 'read', 'staff', { staffId: 'STAFF-T', schoolIds: [SCHOOL_B] }, ALLOWED],
  ['teacher of A, another staff member at B', teacherOfA, 'read', 'staff', { staffId: 'STAFF-X', schoolIds: [SCHOOL_B] }, DENIED],
  ['teacher of A', teacherOfA, 'update', 'staff', { staffId: 'STAFF-T', ...atA }, DENIED],

  // Parents: their own children and their own guardian record, never another family's.
  ['parent of the student', parent, 'read', 'student', { ...atA, guardianOfStudent: true }, ALLOWED],
  ["another family's student", parent, 'read', 'student', { ...atA, guardianOfStudent: false }, DENIED],
  ["another family's student", parent, 'read', 'student', atA, DENIED],
  ['parent of the student', parent, 'list', 'guardianLink', { guardianOfStudent: true }, ALLOWED],
  ["another family's links", parent, 'list', 'guardianLink', { guardianOfStudent: false }, DENIED],
  ['parent of the student', parent, 'update', 'student', { guardianOfStudent: true }, DENIED],
  ['parent of the student', parent, 'history', 'student', { guardianOfStudent: true }, DENIED],
  ['parent, own guardian record', parent, 'read', 'guardian', { guardianId: 'GUARDIAN-1' }, ALLOWED],
  ["parent, another family's guardian record", parent, 'read', 'guardian', { guardianId: 'GUARDIAN-9', ...atA }, DENIED],
  ['parent without a guardian record', parentWithoutGuardianRecord, 'read', 'guardian', {}, DENIED],
  ['parent', parent, 'list', 'guardian', {}, DENIED],
  ['parent', parent, 'list', 'student', atA, DENIED],
  ['parent', parent, 'read', 'staff', atA, DENIED],
  ['parent', parent, 'read', 'school', atA, ALLOWED],
  ['parent', parent, 'read', 'calendar', atA, ALLOWED],
  ['parent', parent, 'update', 'calendar', atA, DENIED],

  // Nobody without a grant.
  ['user with no roles', noRoles, 'read', 'school', atA, DENIED],
  ['user with no roles', noRoles, 'read', 'student', { ...atA, guardianOfStudent: true, teacherOfStudent: true }, DENIED],
  ['user with no roles', noRoles, 'list', 'activity', atA, DENIED],

  // Two roles: the union of both grants.
  ['teacher + parent, own child at B', teacherAndParent, 'read', 'student', { ...atB, guardianOfStudent: true }, ALLOWED],
  ['teacher + parent, own guardian record', teacherAndParent, 'read', 'guardian', { guardianId: 'GUARDIAN-2' }, ALLOWED],
  ['teacher + parent, staff directory of A', teacherAndParent, 'list', 'staff', atA, ALLOWED],
  ['teacher + parent, student at A neither taught nor theirs', teacherAndParent, 'read', 'student', atA, DENIED],
  ['teacher + parent, students of A', teacherAndParent, 'list', 'student', atA, DENIED],
];

describe('decide', () => {
  test.each(rows)('%s: %s %s %s %o → %s', (_who, principal, action, resource, facts, allowed) => {
    // Act
    const decision = decide(principal, action, resource, facts);

    // Assert
    expect(decision).toBe(allowed);
  });

  test('a role grants nothing for an action the rules do not define', () => {
    // Arrange: the activity trail is only listed, never read one by one.
    expect(RULES.activity.read).toBeUndefined();

    // Act / Assert
    expect(decide(districtAdmin, 'read', 'activity', {})).toBe(false);
  });
});

describe('rolesFor', () => {
  test('only a district admin may create, delete or restore a school', () => {
    expect(rolesFor('school', 'create')).toEqual(['district_admin']);
    expect(rolesFor('school', 'delete')).toEqual(['district_admin']);
    expect(rolesFor('school', 'restore')).toEqual(['district_admin']);
  });

  test('the school directory and calendars are open to every role', () => {
    const everyone = ['district_admin', 'school_admin', 'teacher', 'counselor', 'nurse', 'parent'];

    expect([...rolesFor('school', 'read')].sort()).toEqual([...everyone].sort());
    expect([...rolesFor('calendar', 'list')].sort()).toEqual([...everyone].sort());
  });

  test('teachers and parents may not list a school’s students, but may attempt to read one', () => {
    expect(rolesFor('student', 'list')).not.toEqual(expect.arrayContaining(['teacher']));
    expect(rolesFor('student', 'list')).not.toEqual(expect.arrayContaining(['parent']));
    expect(rolesFor('student', 'read')).toEqual(expect.arrayContaining(['teacher', 'parent']));
  });

  test('an undefined action admits no role', () => {
    expect(rolesFor('activity', 'delete')).toEqual([]);
  });
});

describe('relationshipsFor', () => {
  test('a teacher who is also a parent needs teaching, advising or guardianship facts to read a student', () => {
    // Act
    const needed = relationshipsFor(teacherAndParent, 'student', 'read');

    // Assert
    expect([...needed].sort()).toEqual(['advisorOfStudent', 'guardianOfStudent', 'teacherOfStudent']);
  });
});

describe('RULES', () => {
  // The parent portal is the one resource that is the caller's own family, not the district's.
  const definedPairs = RESOURCES.filter((resource) => resource !== 'family').flatMap((resource) =>
    ACTIONS.filter((action) => RULES[resource][action] !== undefined).map((action) => [resource, action] as const),
  );

  test('the parent portal is for parents only: staff, district admins included, use the staff routes', () => {
    for (const action of ['list', 'read', 'update'] as const) expect(rolesFor('family', action)).toEqual(['parent']);
  });

  test.each(definedPairs)('%s %s is granted to district_admin with no relationship needed', (resource, action) => {
    // Act
    const roles = rolesFor(resource, action);
    const allowed = decide(districtAdmin, action, resource, {});

    // Assert
    expect(roles).toContain('district_admin');
    expect(allowed).toBe(true);
  });

  test('every resource has rules for all actions except those whose records are only written by their own operations', () => {
    // Arrange
    const undefinedPairs = RESOURCES.flatMap((resource) =>
      ACTIONS.filter((action) => RULES[resource][action] === undefined).map((action) => `${resource}:${action}`),
    );

    // Assert (documented exception: the audit trail is append-only and read as a list)
    expect(undefinedPairs.sort()).toEqual(
      [
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `activity:${action}`),
        'enrollment:history',
        'enrollment:restore',
        // Course requests are one document per term, replaced by a POST (history kept, no other action).
        ...['delete', 'history', 'read', 'restore', 'update'].map((action) => `courseRequest:${action}`),
        // Snapshots are created, listed, read and restored; they are never changed or deleted.
        ...['delete', 'history', 'update'].map((action) => `masterSchedule:${action}`),
        // A roster is read as a list; a place in it is created (assign) or deleted (drop).
        ...['history', 'read', 'restore', 'update'].map((action) => `roster:${action}`),
        // The parent portal reads the family's children and updates the parent's own contact details.
        ...['create', 'delete', 'history', 'restore'].map((action) => `family:${action}`),
        // Codes are never deleted (a mark keeps its code); attendance is taken (create) and corrected by taking it again.
        ...['delete', 'restore'].map((action) => `attendanceCode:${action}`),
        ...['delete', 'history', 'restore', 'update'].map((action) => `attendance:${action}`),
        // A teacher's sections still to take attendance are a computed list.
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `attendanceDue:${action}`),
        ...['create', 'delete', 'history', 'list', 'restore', 'update'].map((action) => `studentAttendance:${action}`),
        // The office's entry for a day is put (and corrected by putting it again); it is read in the student's attendance.
        ...['delete', 'history', 'list', 'read', 'restore', 'update'].map((action) => `officeAttendance:${action}`),
        // A gradebook's items are soft-deleted by their own routes and never restored through the API.
        'gradebook:restore',
        // Marks are entered and posted (update) and read per section; a posted mark's changes are its history.
        ...['create', 'delete', 'history', 'list', 'restore'].map((action) => `reportCard:${action}`),
        // A student's grades and transcript are computed views: read only.
        ...['create', 'delete', 'history', 'list', 'restore', 'update'].map((action) => `studentGrades:${action}`),
        // A schedule is read, or replaced whole.
        ...['create', 'delete', 'history', 'list', 'restore'].map((action) => `schedule:${action}`),
        // What was sent to a student's families is written by the notifier only, and read as a list.
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `studentNotifications:${action}`),
        // Alert flags and accommodations are read-only views of the health record and the plans.
        ...['create', 'delete', 'history', 'list', 'restore', 'update'].map((action) => `healthAlert:${action}`),
        ...['create', 'delete', 'history', 'list', 'restore', 'update'].map((action) => `accommodations:${action}`),
        // A school's behavior counts are kept by the behavior records' writes and read as a whole.
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `behaviorCounts:${action}`),
        // The early-warning list is computed from the counters the writes keep, and read as a list.
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `earlyWarning:${action}`),
        // A rollover is started and read; it is never changed, deleted or restored (it runs once, resumably).
        ...['delete', 'history', 'restore', 'update'].map((action) => `rollover:${action}`),
        // Suspensions and expulsions are behavior records: this grant is checked beside the record's own, on writes only.
        ...['history', 'list', 'read'].map((action) => `disciplineAction:${action}`),
        // The record of access is written by every read of a confidential record, never through the API, and read as a list.
        ...['create', 'delete', 'history', 'read', 'restore', 'update'].map((action) => `accessLog:${action}`),
      ].sort(),
    );
  });

  test('health records: nurses and admins of the school; a teacher of the student only reads the alerts; counseling notes: counselors only', () => {
    const nurse: Principal = { sub: 'n', roles: ['nurse'], schoolIds: ['S1'] };
    const teacher: Principal = { sub: 't', roles: ['teacher'], staffId: 'T1', schoolIds: ['S1'] };
    const counselor: Principal = { sub: 'c', roles: ['counselor'], schoolIds: ['S1'] };
    const parent: Principal = { sub: 'p', roles: ['parent'], guardianId: 'G1', schoolIds: [] };
    const facts = { schoolIds: ['S1'], teacherOfStudent: true, guardianOfStudent: true };
    expect(decide(nurse, 'read', 'healthRecord', facts)).toBe(true);
    expect(decide(nurse, 'read', 'healthRecord', { schoolIds: ['S2'] })).toBe(false);
    expect(decide(nurse, 'read', 'counselingRecord', facts)).toBe(false);
    expect(decide(teacher, 'read', 'healthRecord', facts)).toBe(false);
    expect(decide(teacher, 'read', 'healthAlert', facts)).toBe(true);
    expect(decide(teacher, 'read', 'healthAlert', { ...facts, teacherOfStudent: false })).toBe(false);
    expect(decide(teacher, 'read', 'accommodations', facts)).toBe(true);
    expect(decide(teacher, 'read', 'studentPlan', facts)).toBe(false);
    expect(decide(counselor, 'create', 'counselingRecord', facts)).toBe(true);
    expect(decide(counselor, 'read', 'counselingRecord', { schoolIds: ['S2'] })).toBe(false);
    expect(decide(counselor, 'read', 'healthRecord', facts)).toBe(false);
    for (const resource of ['healthRecord', 'counselingRecord', 'studentPlan', 'accessLog'] as const)
      expect(decide(parent, resource === 'accessLog' ? 'list' : 'read', resource, facts)).toBe(false);
  });

  test("what a student's families were sent: administrators and counselors of the student's school, not teachers, nurses or parents", () => {
    const counselor: Principal = { sub: 'c', roles: ['counselor'], schoolIds: ['S1'] };
    expect(decide(counselor, 'list', 'studentNotifications', { schoolIds: ['S1'] })).toBe(true);
    expect(decide(counselor, 'list', 'studentNotifications', { schoolIds: ['S2'] })).toBe(false);
    for (const role of ['teacher', 'nurse', 'parent'] as const)
      expect(
        decide({ sub: 'x', roles: [role], schoolIds: ['S1'] }, 'list', 'studentNotifications', {
          schoolIds: ['S1'],
          teacherOfStudent: true,
          guardianOfStudent: true,
        }),
      ).toBe(false);
  });

  test('a teacher reads the roster of a section they teach, and no other; counselors and admins of the school program students', () => {
    const teacher: Principal = { sub: 't', roles: ['teacher'], staffId: 'STAFF-1', schoolIds: ['S1'] };
    const counselor: Principal = { sub: 'c', roles: ['counselor'], schoolIds: ['S1'] };

    expect(decide(teacher, 'list', 'roster', { schoolIds: ['S1'], teacherOfSection: true })).toBe(true);
    expect(decide(teacher, 'list', 'roster', { schoolIds: ['S1'], teacherOfSection: false })).toBe(false);
    expect(decide(teacher, 'create', 'roster', { schoolIds: ['S1'], teacherOfSection: true })).toBe(false);
    expect(decide(counselor, 'create', 'roster', { schoolIds: ['S1'] })).toBe(true);
    expect(decide(counselor, 'create', 'roster', { schoolIds: ['S2'] })).toBe(false);
    expect(decide(teacher, 'read', 'schedule', { schoolIds: ['S1'], teacherOfStudent: true })).toBe(true);
    expect(decide(teacher, 'read', 'schedule', { schoolIds: ['S1'], teacherOfStudent: false })).toBe(false);
  });
});
