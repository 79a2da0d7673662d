import {
  calendarsFrom,
  courseFrom,
  mergeCalendar,
  schoolFrom,
  schoolYearOf,
  sectionFrom,
} from '../../../domain/oneroster/realize-schooling';
import { guardianFrom, kindOf, staffFrom, studentFrom } from '../../../domain/oneroster/realize-people';
import { codeFrom } from '../../../domain/oneroster/realize-values';
import { SchoolSchema } from '../../../domain/schemas/school';
import { CourseSchema, SectionSchema } from '../../../domain/scheduling/schemas';
import { checkSchoolYear, SchoolYearSchema } from '../../../domain/schemas/calendar';
import { StudentSchema, StaffSchema } from '../../../domain/schemas/people';

const SCHOOL = '01J9Z8Y7X6W5V4T3S2R1Q0P9N8';
const session = (sourcedId: string, type: string, startDate: string, endDate: string, parentSourcedId = '') => ({
  sourcedId,
  title: sourcedId,
  type,
  startDate,
  endDate,
  parentSourcedId,
  schoolYear: '2021',
});

describe('what the SIS makes of a row it cannot hold as given', () => {
  it('gives a school a code of its own when its identifier is blank or has spaces, and says so', () => {
    const blank = schoolFrom({ sourcedId: 'ORG_1', name: 'Gotham High School', type: 'school' });
    expect(blank.data.code).toBe('Gotham-High-School');
    expect(SchoolSchema.safeParse(blank.data).success).toBe(true);
    expect(blank.notes.map((note) => note.column)).toEqual(['identifier', 'metadata.sis']);
    expect(schoolFrom({ sourcedId: 's', name: 'School 2', type: 'school', identifier: 'my identifier 2' }).data.code).toBe(
      'my-identifier-2',
    );
    expect(codeFrom('!!!', 'seed', 10)).toMatch(/^OR-[0-9A-Z]{7}$/);
  });

  it('numbers a section from its classCode, gives a class without periods a placeholder one, and schedules a two-term class in its first', () => {
    const plan = sectionFrom(
      { sourcedId: 'c1', title: 'ENG-1', classCode: 'English I', classType: 'scheduled', periods: '' },
      { schoolId: SCHOOL, courseId: SCHOOL, schoolYear: '2020-2021', termCode: 'Fall', otherTerms: ['spring'], firstTerm: 'fall' },
      [],
    );
    expect(SectionSchema.safeParse(plan.data).success).toBe(true);
    expect(plan.data).toMatchObject({ sectionNumber: 'English-I', termCode: 'Fall', meetings: [{ period: expect.stringMatching(/^P-/) }] });
    expect(plan.notes.map((note) => note.column)).toEqual(['classCode', 'periods', 'termSourcedIds']);
  });

  it("keeps a course's grades and subject where they name the SIS's, else admits the school's grades and files it under other", () => {
    const named = courseFrom({ sourcedId: 'k', title: 'Algebra I', courseCode: 'ALG-1', grades: '09', subjects: 'Algebra I' }, SCHOOL, [
      '09',
      '10',
    ]);
    expect(named.data).toMatchObject({ code: 'ALG-1', subject: 'math', gradeLevels: ['09'] });
    expect(named.notes).toEqual([]);
    const bare = courseFrom({ sourcedId: 'k2', title: 'Crime Fighting 101', grades: '', subjects: 'subject1' }, SCHOOL, ['09', '10']);
    expect(CourseSchema.safeParse(bare.data).success).toBe(true);
    expect(bare.data).toMatchObject({ code: 'Crime-Fighting-101', subject: 'other', gradeLevels: ['09', '10'] });
    expect(bare.notes.map((note) => note.column)).toEqual(['courseCode', 'subjects', 'grades']);
  });
});

describe('calendars from a district’s sessions', () => {
  it('puts sessions in the school year their dates fall in, keeps parentless semesters as terms and their grading periods', () => {
    expect(schoolYearOf('2023-09-04')).toBe('2023-2024');
    expect(schoolYearOf('2024-01-26')).toBe('2023-2024');
    const { years, places } = calendarsFrom([
      session('SY', 'schoolYear', '2020-08-17', '2021-05-28'),
      session('255901001_2021_2020-2021_Fall', 'semester', '2020-08-17', '2020-12-18'),
      session('255901001_2021_2020-2021_Spring', 'semester', '2021-01-04', '2021-05-28'),
      session('Q1', 'gradingPeriod', '2020-08-17', '2020-10-09', '255901001_2021_2020-2021_Fall'),
    ]);
    expect(years).toHaveLength(1);
    const year = years[0]!;
    expect(year.terms.map((term) => term.code)).toEqual(['Fall', 'Spring']);
    expect(year.gradingPeriods).toEqual([expect.objectContaining({ code: 'Q1', termCode: 'Fall' })]);
    const data = mergeCalendar(undefined, year);
    expect(SchoolYearSchema.safeParse(data).success).toBe(true);
    expect(checkSchoolYear(SchoolYearSchema.parse(data))).toEqual([]);
    expect(places.get('SY')).toMatchObject({ kind: 'schoolYear', schoolYear: '2020-2021', termCode: 'Fall' });
  });

  it('schedules an overlapping term in the one it overlaps, and gives a year without terms one spanning it', () => {
    const { years, places, notes } = calendarsFrom([
      session('T1', 'term', '2022-09-01', '2022-12-24'),
      session('T2', 'term', '2022-09-01', '2022-12-24'),
      session('Y', 'schoolYear', '2024-08-20', '2025-06-10'),
    ]);
    expect(years.map((year) => [year.schoolYear, year.terms.map((term) => term.code)])).toEqual([
      ['2022-2023', ['T1']],
      ['2024-2025', ['FY']],
    ]);
    expect(places.get('T2')).toMatchObject({ termCode: 'T1' });
    expect(notes.get('T2')?.[0]?.issue).toContain('overlaps the term T1');
    expect(places.get('Y')).toMatchObject({ termCode: 'FY' });
  });

  it("merges a plan into a school's calendar without losing its own terms or settings", () => {
    const existing = {
      schoolYear: '2022-2023',
      startDate: '2022-08-01',
      endDate: '2023-06-30',
      status: 'active',
      terms: [{ code: 'S2', name: 'Spring', startDate: '2023-01-05', endDate: '2023-06-01' }],
      gradingPeriods: [],
      gradeCapacities: { '09': 100 },
    };
    const merged = mergeCalendar(existing, {
      schoolYear: '2022-2023',
      startDate: '2022-09-01',
      endDate: '2022-12-24',
      terms: [{ code: 'T1', name: 'Fall', startDate: '2022-09-01', endDate: '2022-12-24' }],
      gradingPeriods: [],
    });
    expect(merged).toMatchObject({ startDate: '2022-08-01', endDate: '2023-06-30', gradeCapacities: { '09': 100 } });
    expect((merged.terms as { code: string }[]).map((term) => term.code)).toEqual(['T1', 'S2']);
  });
});

describe('people', () => {
  const schoolOf = (org: string) => (org === 'sch' ? SCHOOL : undefined);
  const row = {
    sourcedId: 'USER_0',
    enabledUser: 'true',
    username: 'brucewayne',
    givenName: 'Bruce',
    familyName: 'Wayne',
    identifier: 'bruce.wayne',
    grades: '10',
  };
  const student = [{ role: 'student', roleType: 'primary', orgSourcedId: 'sch' }];

  it('makes a student of a user with a student role, a number of its identifier, and notes what it had to choose', () => {
    expect(kindOf(student)).toBe('student');
    expect(
      kindOf([
        { role: 'teacher', roleType: 'primary', orgSourcedId: 'sch' },
        { role: 'guardian', roleType: 'secondary', orgSourcedId: 'sch' },
      ]),
    ).toBe('staff');
    const plan = studentFrom({
      row,
      roles: student,
      demographic: { sourcedId: 'USER_0', birthDate: '2010-04-17', sex: '' },
      profiles: [],
      schoolOf,
    });
    expect(StudentSchema.safeParse(plan.data).success).toBe(true);
    expect(plan.data).toMatchObject({ districtStudentId: 'bruce-wayne', gender: 'unspecified', gradeLevel: '10', schoolId: SCHOOL });
    expect(plan.notes.map((note) => note.column)).toEqual(['identifier', 'demographics.sex', 'metadata.sis']);
  });

  it('keeps a user as a OneRoster user only when the SIS lacks what it needs, and says what for', () => {
    const plan = studentFrom({ row: { ...row, grades: '' }, roles: student, profiles: [], schoolOf });
    expect(plan.data).toBeUndefined();
    expect(plan.notes[0]?.issue).toMatch(/its birth date is not given .* its grade is not given/);
    const nowhere = staffFrom({
      row: { ...row, email: 'x@y.org' },
      roles: [{ role: 'teacher', roleType: 'primary', orgSourcedId: 'dept' }],
      profiles: [],
      schoolOf,
    });
    expect(nowhere.notes[0]?.issue).toContain('none of its staff roles is at a school the SIS keeps');
  });

  it('keeps a staff phone that is not E.164 out of the SIS (no texts) and the guardian without an email', () => {
    const staff = staffFrom({
      row: { ...row, email: 'jd@school.org', phone: '6032221111' },
      roles: [{ role: 'teacher', roleType: 'primary', orgSourcedId: 'sch' }],
      profiles: [],
      schoolOf,
    });
    expect(StaffSchema.safeParse(staff.data).success).toBe(true);
    expect(staff.data).not.toHaveProperty('phone');
    expect(staff.notes.map((note) => note.column)).toContain('phone');
    expect(guardianFrom({ row, roles: [], profiles: [], schoolOf }).notes.map((note) => note.column)).toEqual(['metadata.sis', 'email']);
  });
});
