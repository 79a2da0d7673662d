import { keys, type Key } from '../../../domain/keys';
import { recordId } from '../scheduling/generators';

const SECTION_ID = recordId('SE', 1);
const STUDENT_A = recordId('ST', 1);
const STUDENT_B = recordId('ST', 2);
const ASSIGNMENT_1 = recordId('A', 1);
const ASSIGNMENT_2 = recordId('A', 2);
const YEAR = '2026-2027';

/** Every item a partition can hold, by kind; a listing prefix must select exactly the kinds it names. */
function itemsUnder(items: Record<string, Key>, listing: { pk: string; skPrefix: string }): string[] {
  return Object.keys(items).filter((kind) => items[kind]!.pk === listing.pk && items[kind]!.sk.startsWith(listing.skPrefix));
}

describe('gradebook keys in the section partition', () => {
  // Arrange: every kind the section partition holds, the scheduling ones and the gradebook ones.
  const section = keys.section(SECTION_ID);
  const scoreA1 = keys.score(SECTION_ID, ASSIGNMENT_1, STUDENT_A);
  const markQ1 = keys.termMark(SECTION_ID, 'Q1', STUDENT_A);
  const items: Record<string, Key> = {
    section,
    seats: keys.sectionSeats(SECTION_ID),
    roster: keys.rosterEntry(SECTION_ID, STUDENT_A),
    teacher: keys.sectionTeacher(SECTION_ID, recordId('T', 1)),
    sectionHistory: keys.history(section, 1),
    outbox: keys.outbox(section, recordId('EV', 1)),
    settings: keys.gradebookSettings(SECTION_ID),
    assignment1: keys.assignment(SECTION_ID, ASSIGNMENT_1),
    assignment2: keys.assignment(SECTION_ID, ASSIGNMENT_2),
    scoreA1: scoreA1,
    scoreB1: keys.score(SECTION_ID, ASSIGNMENT_1, STUDENT_B),
    scoreA2: keys.score(SECTION_ID, ASSIGNMENT_2, STUDENT_A),
    scoreHistory: keys.history(scoreA1, 1),
    gradeA: keys.currentGrade(SECTION_ID, STUDENT_A),
    gradeB: keys.currentGrade(SECTION_ID, STUDENT_B),
    markQ1: markQ1,
    markQ10: keys.termMark(SECTION_ID, 'Q10', STUDENT_A),
    markFinal: keys.termMark(SECTION_ID, 'S1', STUDENT_A),
    markHistory: keys.history(markQ1, 2),
    lockQ1: keys.markPeriodLock(SECTION_ID, 'Q1'),
    lowGradeA: keys.lowGradeNotice(SECTION_ID, STUDENT_A, recordId('EV', 2)),
  };

  test('each listing selects its own kind only', () => {
    // Act / Assert
    expect(itemsUnder(items, keys.assignmentsOfSection(SECTION_ID))).toEqual(['assignment1', 'assignment2']);
    expect(itemsUnder(items, keys.scoresOfAssignment(SECTION_ID, ASSIGNMENT_1))).toEqual(['scoreA1', 'scoreB1']);
    expect(itemsUnder(items, keys.scoresOfSection(SECTION_ID))).toEqual(['scoreA1', 'scoreB1', 'scoreA2']);
    expect(itemsUnder(items, keys.currentGradesOfSection(SECTION_ID))).toEqual(['gradeA', 'gradeB']);
    expect(itemsUnder(items, keys.marksOfSection(SECTION_ID))).toEqual(['markQ1', 'markQ10', 'markFinal']);
    expect(itemsUnder(items, keys.marksOfSectionPeriod(SECTION_ID, 'Q1'))).toEqual(['markQ1']);
    expect(itemsUnder(items, keys.markLocksOfSection(SECTION_ID))).toEqual(['lockQ1']);
    // The Low Grade snapshot (decision 0089) is read by its key alone and falls under no listing.
    const listings = [
      keys.assignmentsOfSection(SECTION_ID),
      keys.scoresOfSection(SECTION_ID),
      keys.currentGradesOfSection(SECTION_ID),
      keys.marksOfSection(SECTION_ID),
      keys.markLocksOfSection(SECTION_ID),
      keys.rosterOfSection(SECTION_ID),
      keys.teachersOfSection(SECTION_ID),
    ];
    expect(listings.flatMap((listing) => itemsUnder(items, listing))).not.toContain('lowGradeA');
    expect(itemsUnder(items, keys.historyOf(scoreA1))).toEqual(['scoreHistory']);
    expect(itemsUnder(items, keys.historyOf(markQ1))).toEqual(['markHistory']);
  });

  test('the older listings of the partition still select only their kinds', () => {
    expect(itemsUnder(items, keys.rosterOfSection(SECTION_ID))).toEqual(['roster']);
    expect(itemsUnder(items, keys.teachersOfSection(SECTION_ID))).toEqual(['teacher']);
    expect(itemsUnder(items, keys.historyOf(section))).toEqual(['sectionHistory']);
  });

  test('every item has its own sort key, in the section partition', () => {
    expect(new Set(Object.values(items).map((key) => key.pk))).toEqual(new Set([section.pk]));
    expect(new Set(Object.values(items).map((key) => key.sk)).size).toBe(Object.keys(items).length);
    expect(keys.gradebookSettings(SECTION_ID).sk).toBe('GRADEBOOK');
  });
});

describe('gradebook index keys', () => {
  test('a student’s scores of one section are a prefix of their scores, not matching another section', () => {
    const otherSection = recordId('SE', 2);
    const mine = keys.scoresOfStudentBySection(STUDENT_A, SECTION_ID, ASSIGNMENT_1);
    const elsewhere = keys.scoresOfStudentBySection(STUDENT_A, otherSection, ASSIGNMENT_1);
    const otherStudent = keys.scoresOfStudentBySection(STUDENT_B, SECTION_ID, ASSIGNMENT_1);
    const listing = keys.scoresOfStudentInSection(STUDENT_A, SECTION_ID);

    const selected = [mine, elsewhere, otherStudent].filter(
      (item) => item.gsi1pk === listing.pk && item.gsi1sk!.startsWith(listing.skPrefix),
    );

    expect(selected).toEqual([mine]);
  });

  test('a student’s marks are listed by year, then term, and all of them for a transcript', () => {
    const q1 = keys.marksOfStudentByTerm(STUDENT_A, YEAR, 'S1', 'Q1', SECTION_ID);
    const s10 = keys.marksOfStudentByTerm(STUDENT_A, YEAR, 'S10', 'Q1', SECTION_ID);
    const lastYear = keys.marksOfStudentByTerm(STUDENT_A, '2025-2026', 'S1', 'S1', SECTION_ID);
    const under = (listing: { pk: string; skPrefix: string }) =>
      [q1, s10, lastYear].filter((item) => item.gsi1pk === listing.pk && item.gsi1sk!.startsWith(listing.skPrefix));

    expect(under(keys.marksOfStudent(STUDENT_A, YEAR, 'S1'))).toEqual([q1]);
    expect(under(keys.marksOfStudent(STUDENT_A, YEAR))).toEqual([q1, s10]);
    expect(under(keys.marksOfStudent(STUDENT_A))).toEqual([q1, s10, lastYear]);
  });

  test('a student’s current grades of a term do not match a longer term code', () => {
    const s1 = keys.currentGradesOfStudentByTerm(STUDENT_A, YEAR, 'S1', SECTION_ID);
    const s10 = keys.currentGradesOfStudentByTerm(STUDENT_A, YEAR, 'S10', SECTION_ID);
    const listing = keys.currentGradesOfStudentTerm(STUDENT_A, YEAR, 'S1');

    expect([s1, s10].filter((item) => item.gsi1pk === listing.pk && item.gsi1sk!.startsWith(listing.skPrefix))).toEqual([s1]);
  });

  test('the student index partitions are apart from each other and from the student’s own partitions', () => {
    const partitions = [
      keys.student(STUDENT_A).pk,
      keys.scheduleOfStudent(STUDENT_A, YEAR, 'S1'),
      keys.scoresOfStudentInSection(STUDENT_A, SECTION_ID).pk,
      keys.marksOfStudent(STUDENT_A).pk,
      keys.currentGradesOfStudentTerm(STUDENT_A, YEAR, 'S1').pk,
    ];

    expect(new Set(partitions).size).toBe(partitions.length);
  });
});
