import {
  assignmentFromRow,
  categoryFromRow,
  categoryRows,
  classOfCategory,
  lineItemRow,
  resultRow,
  scoreFromRow,
  settingsFromCategories,
} from '../../../domain/oneroster/csv-gradebook';
import { needsMapping, sisIdFor } from '../../../domain/oneroster/csv-ids';
import { merge, patchFrom, residual } from '../../../domain/oneroster/csv-merge';
import { staffRows, studentRows } from '../../../domain/oneroster/csv-people';
import { sisOf } from '../../../domain/oneroster/csv-rows';
import { classRow, schoolRow, sessionRows } from '../../../domain/oneroster/csv-schooling';
import { calendarsFrom, mergeCalendar, schoolFrom, sectionFrom } from '../../../domain/oneroster/realize-schooling';
import { kindOf, staffFrom, studentFrom } from '../../../domain/oneroster/realize-people';
import { RecordId } from '../../../domain/schemas/common';
import { schoolBody, schoolYearBody, staffBody, studentBody } from '../../support/fixtures';

const SCHOOL = '01J9Z8Y7X6W5V4T3S2R1Q0P9N8';
const same = (_kind: string, id: string) => id;

describe('sourcedIds and SIS ids', () => {
  it('keeps a sourcedId that is a SIS id, and hashes any other into one, always the same', () => {
    expect(sisIdFor('user', SCHOOL)).toBe(SCHOOL);
    const id = sisIdFor('user', 'stu-1');
    expect(RecordId.safeParse(id).success).toBe(true);
    expect(sisIdFor('user', 'stu-1')).toBe(id);
    expect(sisIdFor('org', 'stu-1')).not.toBe(id);
    expect(needsMapping('stu-1')).toBe(true);
    expect(needsMapping(SCHOOL)).toBe(false);
  });
});

describe('mapping SIS records to rows and back', () => {
  it('residual and merge give the data back, and a patch turns one version into the other', () => {
    const data = { a: 1, b: { c: 'x', d: 'y' }, list: [1, 2] };
    const derived = { a: 1, b: { c: 'x' }, list: [1] };
    const rest = residual(data, derived);
    expect(rest).toEqual({ b: { d: 'y' }, list: [1, 2] });
    expect(merge(derived, rest)).toEqual(data);
    expect(patchFrom({ a: 1, b: { c: 'x', d: 'y' } }, { a: 2, b: { c: 'x' } })).toEqual({ a: 2, b: { d: null } });
  });

  it('a school survives the round trip; a foreign org row gets the defaults the SIS needs', () => {
    const school = { ...schoolBody(), status: 'active' };
    const row = schoolRow(SCHOOL, school, same);
    expect(row).toMatchObject({ sourcedId: SCHOOL, name: school.name, type: 'school', identifier: school.code });
    expect(schoolFrom(row).data).toEqual(school);
    expect(schoolFrom({ sourcedId: 'x', name: 'Foreign High', type: 'school', identifier: 'FH-1' }).data).toMatchObject({
      name: 'Foreign High',
      code: 'FH-1',
      type: 'other',
    });
  });

  it('a student with guardians survives users, roles and demographics rows', () => {
    const student = { ...studentBody(SCHOOL), legalName: { first: 'María', middle: 'José', last: 'García' } };
    const guardianId = '01J9Z8Y7X6W5V4T3S2R1Q0P9G1';
    const link = { guardianId, relationship: 'mother', custody: true, educationalRights: true, livesWith: true, contactPriority: 1 };
    const rows = studentRows('01J9Z8Y7X6W5V4T3S2R1Q0P9S1', student, [{ guardianId, data: link }], same);
    expect(rows.user).toMatchObject({
      givenName: 'María',
      middleName: 'José',
      familyName: 'García',
      grades: '03',
      agentSourcedIds: guardianId,
    });
    expect(rows.roles).toEqual([expect.objectContaining({ role: 'student', roleType: 'primary', orgSourcedId: SCHOOL })]);
    expect(rows.demographic).toMatchObject({ birthDate: student.birthDate, sex: 'female' });
    const roles = rows.roles.map((row) => ({ role: row.role!, roleType: row.roleType!, orgSourcedId: row.orgSourcedId! }));
    expect(kindOf(roles)).toBe('student');
    const back = studentFrom({
      row: rows.user,
      roles,
      demographic: rows.demographic,
      profiles: [],
      schoolOf: (org) => (org === SCHOOL ? SCHOOL : undefined),
    });
    expect(back.data).toEqual(student);
    expect(back.notes).toEqual([]);
    expect(sisOf(rows.user)).toMatchObject({ guardianLinks: { [guardianId]: { relationship: 'mother' } } });
    expect(sisOf(rows.user)).not.toHaveProperty('legalName');
  });

  it('a counselor is a 1.2 counselor; an administrator a siteAdministrator; each comes back as the staff member it was', () => {
    const counselor = { ...staffBody([SCHOOL]), staffType: 'counselor' };
    const rows = staffRows('01J9Z8Y7X6W5V4T3S2R1Q0P9T1', counselor, same);
    expect(rows.roles[0]).toMatchObject({ role: 'counselor', roleType: 'primary' });
    const roles = rows.roles.map((row) => ({ role: row.role!, roleType: row.roleType!, orgSourcedId: row.orgSourcedId! }));
    expect(staffFrom({ row: rows.user, roles, profiles: [], schoolOf: (org) => org }).data).toEqual(counselor);
    expect(staffRows('01J9Z8Y7X6W5V4T3S2R1Q0P9T2', { ...counselor, staffType: 'administrator' }, same).roles[0]).toMatchObject({
      role: 'siteAdministrator',
    });
  });

  it('a school year becomes session rows (year, terms, grading periods) and the same calendar again', () => {
    const year = { ...schoolYearBody(), status: 'active', nonInstructionalDays: [], gradeCapacities: {} };
    const rows = sessionRows(SCHOOL, year, same);
    expect(rows.map((row) => row.type)).toEqual(['schoolYear', 'term', 'term', 'gradingPeriod', 'gradingPeriod']);
    const { years } = calendarsFrom(rows);
    const back = mergeCalendar({ ...year, terms: [], gradingPeriods: [] }, years[0]!);
    expect(back).toEqual(year);
  });

  it('a section on an A/B rotation keeps its meetings; its title and grades come from the course', () => {
    const section = {
      schoolId: SCHOOL,
      courseId: '01J9Z8Y7X6W5V4T3S2R1Q0P9C1',
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '02',
      meetings: [{ period: 'P3', days: ['A'] }],
      room: '204',
      teachers: [{ staffId: '01J9Z8Y7X6W5V4T3S2R1Q0P9T1', role: 'primary' }],
      status: 'active',
    };
    const row = classRow('01J9Z8Y7X6W5V4T3S2R1Q0P9K1', section, { title: 'Algebra I', gradeLevels: ['09'] }, same);
    expect(row).toMatchObject({ title: 'Algebra I 02', grades: '09', classCode: '02', location: '204', periods: 'P3' });
    const place = { schoolId: SCHOOL, courseId: section.courseId, schoolYear: '2026-2027', termCode: 'S1', otherTerms: [] };
    expect(sectionFrom(row, place, section.teachers).data).toEqual(section);
  });
});

describe('gradebook files', () => {
  const SECTION = '01J9Z8Y7X6W5V4T3S2R1Q0P9K1';
  it("a section's settings become category rows and come back; a foreign category's id is its sourcedId", () => {
    const settings = {
      mode: 'points',
      categories: [
        { id: 'homework', name: 'Homework' },
        { id: 'labs', name: 'Labs' },
      ],
      missingCountsAsZero: true,
      lowGradeThreshold: 65,
      sectionId: SECTION,
      schoolId: SCHOOL,
    };
    const rows = categoryRows(SECTION, settings, same);
    expect(rows.map((row) => row.sourcedId)).toEqual([`${SECTION}.homework`, `${SECTION}.labs`]);
    expect(classOfCategory(rows[0]!.sourcedId!)).toBe(SECTION);
    const { sectionId: _section, schoolId: _school, ...rest } = settings;
    expect(settingsFromCategories(rows.map(categoryFromRow))).toEqual(rest);
    expect(categoryFromRow({ sourcedId: 'cat-tests', title: 'Tests', weight: '100' })).toMatchObject({ id: 'cat-tests', weight: 100 });
  });

  it('an assignment becomes a line item row and back; a score keeps its status through scoreStatus', () => {
    const assignment = {
      title: 'Lab report',
      categoryId: 'labs',
      assignedDate: '2026-09-01',
      dueDate: '2026-09-08',
      maxPoints: 20,
      extraCreditAllowed: true,
      extraCreditOnly: false,
      published: true,
    };
    const row = lineItemRow('01J9Z8Y7X6W5V4T3S2R1Q0P9L1', { ...assignment, sectionId: SECTION, schoolId: SCHOOL }, same);
    expect(row).toMatchObject({ categorySourcedId: `${SECTION}.labs`, resultValueMax: '20', assignDate: '2026-09-01T00:00:00.000Z' });
    expect(assignmentFromRow(row)).toEqual(assignment);
    const score = { sectionId: SECTION, assignmentId: '01J9Z8Y7X6W5V4T3S2R1Q0P9L1', studentId: '01J9Z8Y7X6W5V4T3S2R1Q0P9S1' };
    expect(resultRow({ ...score, status: 'missing' }, same)).toMatchObject({ scoreStatus: 'not submitted', score: '' });
    expect(scoreFromRow(resultRow({ ...score, status: 'missing' }, same))).toEqual({ status: 'missing' });
    expect(scoreFromRow(resultRow({ ...score, points: 18, status: 'late', comment: 'ok' }, same))).toEqual({
      points: 18,
      status: 'late',
      comment: 'ok',
    });
  });
});
