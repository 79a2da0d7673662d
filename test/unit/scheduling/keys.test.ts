import { keys, type Key } from '../../../domain/keys';
import { slotsOf } from '../../../domain/scheduling/slots';
import { recordId } from './generators';

const SCHOOL_ID = recordId('SC', 1);
const STUDENT_ID = recordId('ST', 1);
const STAFF_ID = recordId('T', 1);
const SECTION_ID = recordId('SE', 1);
const COURSE_ID = recordId('C', 1);
const YEAR = '2026-2027';
const [SLOT_A = ''] = slotsOf([{ period: 'P3', days: ['MON'] }]);

/** Every item a partition can hold, by kind; the listing prefixes must each select exactly one kind. */
function itemsUnder(items: Record<string, Key>, listing: { pk: string; skPrefix: string }): string[] {
  return Object.keys(items).filter((kind) => items[kind]!.pk === listing.pk && items[kind]!.sk.startsWith(listing.skPrefix));
}

describe('scheduling keys never collide with other kinds', () => {
  test('in a student partition, slots, requests and completions are listed apart from each other and the older kinds', () => {
    // Arrange
    const student = keys.student(STUDENT_ID);
    const items: Record<string, Key> = {
      student,
      guardianLink: keys.guardianLink(STUDENT_ID, recordId('G', 1)),
      enrollment: keys.enrollment(STUDENT_ID, YEAR, recordId('E', 1)),
      activeEnrollment: keys.activeEnrollment(STUDENT_ID, YEAR),
      slotS1: keys.studentPeriod(STUDENT_ID, YEAR, 'S1', 'P3'),
      slotS10: keys.studentPeriod(STUDENT_ID, YEAR, 'S10', 'P3'),
      requestsS1: keys.courseRequests(STUDENT_ID, YEAR, 'S1'),
      completionAlg1: keys.courseCompletion(STUDENT_ID, 'alg1', '2025-2026', 'S2'),
      completionAlg10: keys.courseCompletion(STUDENT_ID, 'ALG10', '2025-2026', 'S2'),
      history: keys.history(student, 1),
      outbox: keys.outbox(student, recordId('EV', 1)),
    };

    // Act / Assert
    expect(itemsUnder(items, keys.slotsOfStudent(STUDENT_ID, YEAR, 'S1'))).toEqual(['slotS1']);
    expect(itemsUnder(items, keys.courseRequestsOfStudent(STUDENT_ID))).toEqual(['requestsS1']);
    expect(itemsUnder(items, keys.completionsOfStudent(STUDENT_ID))).toEqual(['completionAlg1', 'completionAlg10']);
    expect(itemsUnder(items, keys.completionsOfStudentCourse(STUDENT_ID, 'ALG1'))).toEqual(['completionAlg1']);
    expect(itemsUnder(items, keys.enrollmentsOfStudent(STUDENT_ID))).toEqual(['enrollment']);
    expect(itemsUnder(items, keys.activeEnrollmentsOfStudent(STUDENT_ID))).toEqual(['activeEnrollment']);
    expect(itemsUnder(items, keys.guardiansOfStudent(STUDENT_ID))).toEqual(['guardianLink']);
    expect(itemsUnder(items, keys.historyOf(student))).toEqual(['history']);
    expect(new Set(Object.values(items).map((key) => key.sk)).size).toBe(Object.keys(items).length);
  });

  test('one student slot item per period and term: a section adds one item per period it meets in, holding its cells', () => {
    const cells = slotsOf([{ period: 'P3', days: ['MON', 'WED', 'FRI'] }]);
    const periods = new Set(cells.map((cell) => keys.studentPeriod(STUDENT_ID, YEAR, 'S1', cell.split('#')[2]!).sk));

    expect(cells).toHaveLength(6);
    expect(periods.size).toBe(1);
    expect(keys.studentPeriod(STUDENT_ID, YEAR, 'S1', 'P3')).not.toEqual(keys.studentPeriod(STUDENT_ID, YEAR, 'S1', 'P4'));
  });

  test('in a section partition, the roster, the teachers, the seat counter and the section are apart', () => {
    // Arrange
    const section = keys.section(SECTION_ID);
    const items: Record<string, Key> = {
      section,
      seats: keys.sectionSeats(SECTION_ID),
      roster: keys.rosterEntry(SECTION_ID, STUDENT_ID),
      teacher: keys.sectionTeacher(SECTION_ID, STAFF_ID),
      history: keys.history(section, 1),
      rosterHistory: keys.history(keys.rosterEntry(SECTION_ID, STUDENT_ID), 1),
      outbox: keys.outbox(section, recordId('EV', 1)),
    };

    // Act / Assert
    expect(itemsUnder(items, keys.rosterOfSection(SECTION_ID))).toEqual(['roster']);
    expect(itemsUnder(items, keys.teachersOfSection(SECTION_ID))).toEqual(['teacher']);
    expect(itemsUnder(items, keys.historyOf(section))).toEqual(['history']);
    expect(new Set(Object.values(items).map((key) => key.sk)).size).toBe(Object.keys(items).length);
  });

  test('in a staff partition, teaching slots are apart from the profile and school assignments', () => {
    const items: Record<string, Key> = {
      staff: keys.staff(STAFF_ID),
      assignment: keys.staffAssignment(STAFF_ID, SCHOOL_ID),
      teachSlot: keys.teacherSlot(STAFF_ID, YEAR, 'S1', SLOT_A),
      teachSlotS10: keys.teacherSlot(STAFF_ID, YEAR, 'S10', SLOT_A),
    };

    expect(itemsUnder(items, keys.slotsOfTeacher(STAFF_ID, YEAR, 'S1'))).toEqual(['teachSlot']);
    expect(itemsUnder(items, { pk: keys.staff(STAFF_ID).pk, skPrefix: 'ASSIGNMENT#' })).toEqual(['assignment']);
  });

  test('in a school partition, snapshots are listed without their chunks, and apart from years and bell schedules', () => {
    // Arrange
    const snapshotId = recordId('SN', 1);
    const items: Record<string, Key> = {
      school: keys.school(SCHOOL_ID),
      year: keys.schoolYear(SCHOOL_ID, YEAR),
      bell: keys.bellSchedule(SCHOOL_ID, recordId('B', 1)),
      counter: keys.gradeCounter(SCHOOL_ID, YEAR, '09'),
      snapshot: keys.scheduleSnapshot(SCHOOL_ID, YEAR, 'S1', snapshotId),
      snapshotS10: keys.scheduleSnapshot(SCHOOL_ID, YEAR, 'S10', recordId('SN', 2)),
      chunk0: keys.scheduleSnapshotChunk(SCHOOL_ID, YEAR, 'S1', snapshotId, 0),
      chunk1: keys.scheduleSnapshotChunk(SCHOOL_ID, YEAR, 'S1', snapshotId, 1),
    };

    // Act / Assert
    expect(itemsUnder(items, keys.snapshotsOfSchoolTerm(SCHOOL_ID, YEAR, 'S1'))).toEqual(['snapshot']);
    expect(itemsUnder(items, keys.chunksOfSnapshot(SCHOOL_ID, YEAR, 'S1', snapshotId))).toEqual(['chunk0', 'chunk1']);
    expect(itemsUnder(items, keys.schoolYearsOfSchool(SCHOOL_ID))).toEqual(['year']);
    expect(itemsUnder(items, keys.bellSchedulesOfSchool(SCHOOL_ID))).toEqual(['bell']);
    expect([items.chunk1!.sk, items.chunk0!.sk].sort()).toEqual([items.chunk0!.sk, items.chunk1!.sk]);
  });

  test('records of different kinds with the same id get different partitions', () => {
    const sameId = recordId('X', 1);
    const partitions = [
      keys.course(sameId),
      keys.section(sameId),
      keys.schedulingRun(sameId),
      keys.student(sameId),
      keys.staff(sameId),
      keys.school(sameId),
    ].map((key) => key.pk);

    expect(new Set(partitions).size).toBe(partitions.length);
  });

  test('the school-wide scheduling partitions (table and indexes) are all distinct from each other and from the older ones', () => {
    const partitions = [
      keys.school(SCHOOL_ID).pk,
      keys.coursesOfSchool(SCHOOL_ID),
      keys.sectionsOfSchoolTerm(SCHOOL_ID, YEAR, 'S1'),
      keys.courseRequestsOfSchoolTerm(SCHOOL_ID, YEAR, 'S1'),
      keys.schedulingRunsOfSchoolTerm(SCHOOL_ID, YEAR, 'S1').pk,
      keys.roomSlot(SCHOOL_ID, 'B-114', YEAR, 'S1', SLOT_A).pk,
      keys.studentsOfSchool(SCHOOL_ID),
      keys.staffOfSchool(SCHOOL_ID),
      ...keys.activityPartitionsOfDay(SCHOOL_ID, '2026-09-01'),
    ];

    expect(new Set(partitions).size).toBe(partitions.length);
  });

  test('a student’s schedule and a teacher’s sections are index partitions apart from their own table partitions', () => {
    const schedule = keys.scheduleOfStudentBySection(STUDENT_ID, YEAR, 'S1', SECTION_ID);
    const teaching = keys.sectionsOfTeacherByCourse(STAFF_ID, YEAR, 'S1', recordId('C', 1), '01', SECTION_ID);

    expect(schedule.gsi1pk).toBe(keys.scheduleOfStudent(STUDENT_ID, YEAR, 'S1'));
    expect(schedule.gsi1pk).not.toBe(keys.student(STUDENT_ID).pk);
    expect(teaching.gsi2pk).toBe(keys.sectionsOfTeacher(STAFF_ID, YEAR, 'S1'));
    expect(teaching.gsi2pk).not.toBe(keys.staff(STAFF_ID).pk);
  });

  test('a term’s sections are listed by course, and one course’s sections by a prefix that matches no other course', () => {
    const courseA = recordId('C', 1);
    const courseB = recordId('C', 2);
    const first = keys.sectionsOfSchoolTermByCourse(SCHOOL_ID, YEAR, 'S1', courseA, '01');
    const second = keys.sectionsOfSchoolTermByCourse(SCHOOL_ID, YEAR, 'S1', courseA, '02');
    const other = keys.sectionsOfSchoolTermByCourse(SCHOOL_ID, YEAR, 'S1', courseB, '01');
    const listing = keys.sectionsOfCourse(SCHOOL_ID, YEAR, 'S1', courseA);

    expect(first.gsi1pk).toBe(listing.pk);
    expect([first, second, other].filter((item) => item.gsi1sk!.startsWith(listing.skPrefix))).toEqual([first, second]);
  });

  test('a school’s scheduling runs of a term are a prefix of its runs, not matching a longer term code', () => {
    const s1 = keys.schedulingRunsOfSchoolByTerm(SCHOOL_ID, YEAR, 'S1', recordId('R', 1));
    const s10 = keys.schedulingRunsOfSchoolByTerm(SCHOOL_ID, YEAR, 'S10', recordId('R', 2));
    const listing = keys.schedulingRunsOfSchoolTerm(SCHOOL_ID, YEAR, 'S1');

    expect([s1, s10].filter((item) => item.gsi1pk === listing.pk && item.gsi1sk!.startsWith(listing.skPrefix))).toEqual([s1]);
  });
});

describe('scheduling unique claims', () => {
  test('course codes are claimed per school, regardless of case', () => {
    expect(keys.courseCode(SCHOOL_ID, 'alg1')).toEqual(keys.courseCode(SCHOOL_ID, 'ALG1'));
    expect(keys.courseCode(SCHOOL_ID, 'ALG1')).not.toEqual(keys.courseCode(recordId('SC', 2), 'ALG1'));
    expect(keys.coursesOfSchoolByCode(SCHOOL_ID, 'alg1').gsi1sk).toBe('ALG1');
  });

  test('section numbers are claimed per course and term', () => {
    expect(keys.sectionNumber(COURSE_ID, YEAR, 'S1', '01-h')).toEqual(keys.sectionNumber(COURSE_ID, YEAR, 'S1', '01-H'));
    expect(keys.sectionNumber(COURSE_ID, YEAR, 'S1', '01')).not.toEqual(keys.sectionNumber(COURSE_ID, YEAR, 'S2', '01'));
  });

  test('the same room written differently claims the same slot item', () => {
    expect(keys.roomSlot(SCHOOL_ID, 'Rm  12 ', YEAR, 'S1', SLOT_A)).toEqual(keys.roomSlot(SCHOOL_ID, 'RM 12', YEAR, 'S1', SLOT_A));
    expect(keys.roomSlot(SCHOOL_ID, 'RM 12', YEAR, 'S1', SLOT_A)).not.toEqual(keys.roomSlot(SCHOOL_ID, 'RM 121', YEAR, 'S1', SLOT_A));
  });

  test('claim items of different kinds with the same text never coincide', () => {
    const claims = [
      keys.courseCode(SCHOOL_ID, 'X100'),
      keys.sectionNumber(SCHOOL_ID, YEAR, 'S1', 'X100'),
      keys.schoolCode('X100'),
      keys.districtStudentId('X100'),
      keys.employeeId('X100'),
    ].map((key) => key.pk);

    expect(new Set(claims).size).toBe(claims.length);
  });
});
