import * as z from 'zod';
import { buildEvent } from '../../events/envelope';
import { CATALOG, catalogEntry, currentDetail, GRADEBOOK_EVENTS } from '../../events/catalog';
import { noticeOf } from '../../events/notifications';

/**
 * The gradebook's events, version 2 (decision 0089): ids, codes, dates and record versions, never a
 * grade, a score, a percentage or a title; version 1 (which carried them) still parses, upgrades,
 * and still gives the notice it gave.
 */
const SECTION_ID = '01JBSEC0000000000000000000';
const SCHOOL_ID = '01JA8M2P4Q6R8S0T2V4W6X8Y0Z';
const STUDENT_ID = '01JBQ7ZK3M8W2XN5R4T6V9Y0CD';
const ASSIGNMENT_ID = '01JBASG0000000000000000000';
const common = (version: number, ids: Record<string, string>) => ({
  eventId: '01JC3T9V5W7X9Y1Z3A5B7C9D1E',
  eventVersion: version,
  occurredAt: '2026-10-14T19:02:11.000Z',
  actor: { sub: 'teacher-1', roles: ['teacher'] },
  recordType: 'score',
  ids,
  schoolIds: [SCHOOL_ID],
  changedFields: [],
});
const scoreIds = { sectionId: SECTION_ID, assignmentId: ASSIGNMENT_ID, studentId: STUDENT_ID };
const sectionV1 = { sectionId: SECTION_ID, schoolId: SCHOOL_ID, courseTitle: 'Algebra I', periods: ['P3'] };

/** Version-1 details exactly as the gradebook published them. Never edit these to make a test pass. */
const LOW_GRADE_V1 = {
  ...common(1, scoreIds),
  studentId: STUDENT_ID,
  section: sectionV1,
  gradingPeriod: { schoolYear: '2026-2027', code: 'Q1', name: 'Quarter 1' },
  percent: 61.38,
  letter: 'D-',
  threshold: 70,
};
const MISSING_V1 = {
  ...common(1, scoreIds),
  studentId: STUDENT_ID,
  section: sectionV1,
  assignment: { assignmentId: ASSIGNMENT_ID, title: 'Homework 1', dueDate: '2026-09-08' },
};
const POSTED_V1 = {
  ...common(1, { sectionId: SECTION_ID, gradingPeriod: 'Q1', studentId: STUDENT_ID }),
  recordType: 'termMark',
  studentId: STUDENT_ID,
  section: sectionV1,
  gradingPeriod: { schoolYear: '2026-2027', code: 'Q1', name: 'Quarter 1' },
  mark: { letter: 'B+', percent: 88.8, final: false },
  corrected: false,
};

/** Field names that hold a grade, a score or a title; `gradingPeriod` and `assignmentId` are codes and ids. */
const GRADE_OR_TITLE = /percent|letter|points|score|grade$|^grade|mark$|threshold|title|name|comment/i;
function fieldPaths(schema: unknown, prefix = ''): string[] {
  const node = schema as { properties?: Record<string, unknown>; anyOf?: unknown[] };
  return [
    ...Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      return [path, ...fieldPaths(child, path)];
    }),
    ...(node.anyOf ?? []).flatMap((option) => fieldPaths(option, prefix)),
  ];
}
const gradeFields = (schema: z.ZodType) =>
  fieldPaths(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })).filter((path) =>
    GRADE_OR_TITLE.test(path.split('.').at(-1)!),
  );

describe('gradebook events, version 2', () => {
  const entries = Object.values(GRADEBOOK_EVENTS);

  test.each(entries.map((entry) => [entry.detailType, entry] as const))('"%s" is version 2 and still reads version 1', (_name, entry) => {
    expect(entry.version).toBe(2);
    expect(entry.previous.version).toBe(1);
    expect(catalogEntry(entry.source, entry.detailType)).toBe(entry);
  });

  test('no field of a version-2 payload holds a grade, a score or a title (version 1 had them, and the check finds them)', () => {
    expect(entries.flatMap((entry) => gradeFields(entry.schema))).toEqual([]);
    expect(entries.flatMap((entry) => gradeFields(entry.previous.schema))).toEqual(
      expect.arrayContaining([
        'percent',
        'letter',
        'threshold',
        'section.courseTitle',
        'assignment.title',
        'mark.letter',
        'gradingPeriod.name',
      ]),
    );
  });

  test('no attendance, scheduling or gradebook payload in the catalog holds a grade, a score or a title', () => {
    const noticeEntries = CATALOG.filter((entry) => ['sis.gradebook', 'sis.attendance', 'sis.scheduling'].includes(entry.source));
    expect(noticeEntries.length).toBeGreaterThan(3);
    expect(noticeEntries.flatMap((entry) => gradeFields(entry.schema).map((path) => `${entry.detailType}: ${path}`))).toEqual([]);
  });

  test('a built version-2 Low Grade payload carries ids only: a grade or a title a writer passes is dropped', () => {
    // Act
    const event = buildEvent(GRADEBOOK_EVENTS.lowGrade, {
      ...common(2, scoreIds),
      recordType: 'score',
      studentId: STUDENT_ID,
      section: { ...sectionV1 },
      assignmentId: ASSIGNMENT_ID,
      gradingPeriod: { schoolYear: '2026-2027', code: 'Q1', ...({ name: 'Quarter 1' } as object) },
      recordVersion: 3,
      ...({ percent: 61.38, letter: 'D-', threshold: 70 } as object),
    });

    // Assert
    expect(event.detail).toMatchObject({ eventVersion: 2, section: { sectionId: SECTION_ID, schoolId: SCHOOL_ID }, recordVersion: 3 });
    const json = JSON.stringify(event.detail);
    for (const value of ['61.38', 'D-', 'Algebra I', 'Quarter 1', '"threshold"', '"P3"']) expect(json).not.toContain(value);
  });

  test.each([
    ['Low Grade', LOW_GRADE_V1, { assignmentId: ASSIGNMENT_ID, gradingPeriod: { schoolYear: '2026-2027', code: 'Q1' } }],
    ['Assignment Missing', MISSING_V1, { assignmentId: ASSIGNMENT_ID }],
    ['Grade Posted', POSTED_V1, { gradingPeriod: { schoolYear: '2026-2027', code: 'Q1' }, final: false, corrected: false }],
  ] as const)(
    'a version-1 "%s" (an outbox item written before the change) is upgraded without grades or titles',
    (detailType, v1, kept) => {
      // Arrange
      const entry = catalogEntry('sis.gradebook', detailType)!;

      // Act
      const parsed = entry.previous!.schema.safeParse(v1);
      const upgraded = currentDetail(entry, v1);

      // Assert
      expect(parsed.error).toBeUndefined();
      expect(upgraded).toMatchObject({
        eventVersion: 2,
        studentId: STUDENT_ID,
        section: { sectionId: SECTION_ID, schoolId: SCHOOL_ID },
        ...kept,
      });
      expect(upgraded.recordVersion).toBeUndefined();
      for (const value of ['Algebra I', 'Homework 1', 'Quarter 1', '61.38', 'B+', '88.8'])
        expect(JSON.stringify(upgraded)).not.toContain(value);
    },
  );

  test('a detail of a version the catalog does not know is refused', () => {
    expect(() => currentDetail(GRADEBOOK_EVENTS.lowGrade, { ...LOW_GRADE_V1, eventVersion: 3 })).toThrow();
  });
});

describe('the notice of a gradebook event', () => {
  test('version 1 (archived, or queued during a rollout) gives the notice it carried', () => {
    expect(noticeOf('Low Grade', LOW_GRADE_V1)).toEqual({
      eventId: LOW_GRADE_V1.eventId,
      occurredAt: LOW_GRADE_V1.occurredAt,
      kind: 'lowGrade',
      studentId: STUDENT_ID,
      schoolId: SCHOOL_ID,
      values: { courseTitle: 'Algebra I', percent: 61.38, letter: 'D-', gradingPeriodName: 'Quarter 1' },
    });
    expect(noticeOf('Assignment Missing', MISSING_V1)?.values).toEqual({
      courseTitle: 'Algebra I',
      assignmentTitle: 'Homework 1',
      dueDate: '2026-09-08',
    });
    expect(noticeOf('Grade Posted', POSTED_V1)?.values).toEqual({
      courseTitle: 'Algebra I',
      letter: 'B+',
      gradingPeriodName: 'Quarter 1',
      corrected: false,
    });
  });

  test('version 2 names what the notifier reads by id at delivery', () => {
    const low = currentDetail(GRADEBOOK_EVENTS.lowGrade, LOW_GRADE_V1);
    const posted = GRADEBOOK_EVENTS.gradePosted.schema.parse({
      ...currentDetail(GRADEBOOK_EVENTS.gradePosted, POSTED_V1),
      recordVersion: 4,
    });

    expect(noticeOf('Low Grade', low)).toMatchObject({
      kind: 'lowGrade',
      values: {},
      lookup: { kind: 'lowGrade', eventId: LOW_GRADE_V1.eventId, sectionId: SECTION_ID, studentId: STUDENT_ID, gradingPeriod: 'Q1' },
    });
    expect(noticeOf('Assignment Missing', currentDetail(GRADEBOOK_EVENTS.assignmentMissing, MISSING_V1))?.lookup).toEqual({
      kind: 'missingAssignment',
      sectionId: SECTION_ID,
      assignmentId: ASSIGNMENT_ID,
    });
    expect(noticeOf('Grade Posted', posted)?.lookup).toEqual({
      kind: 'reportCardPosted',
      sectionId: SECTION_ID,
      studentId: STUDENT_ID,
      gradingPeriod: 'Q1',
      recordVersion: 4,
    });
  });

  test('a version-2 detail missing an id is refused (the message is retried, then dead-lettered), not a notice without values', () => {
    const { assignmentId: _assignmentId, ...detail } = currentDetail(GRADEBOOK_EVENTS.assignmentMissing, MISSING_V1);
    expect(() => noticeOf('Assignment Missing', detail)).toThrow();
  });
});

describe('"Student Schedule Changed", version 2', () => {
  const classV1 = {
    sectionId: SECTION_ID,
    courseId: '01JBCRS0000000000000000000',
    courseCode: 'SPED-RES',
    courseTitle: 'Learning Center (resource)',
    sectionNumber: '02',
    periods: ['P4'],
    room: 'Resource Room 12',
    teacherIds: ['01JBSTAFF00000000000000000'],
  };
  /** A version-1 detail as the scheduling context published it. Never edit it to make a test pass. */
  const CHANGED_V1 = {
    ...common(1, { studentId: STUDENT_ID }),
    recordType: 'rosterEntry',
    studentId: STUDENT_ID,
    schoolId: SCHOOL_ID,
    schoolYear: '2026-2027',
    termCode: 'S1',
    added: [classV1],
    dropped: [],
  };

  test('a version-1 detail parses and is upgraded to ids and codes: no course title, course code or room', () => {
    const entry = catalogEntry('sis.scheduling', 'Student Schedule Changed')!;

    const upgraded = currentDetail(entry, CHANGED_V1);

    expect(entry.version).toBe(2);
    expect(entry.previous?.schema.safeParse(CHANGED_V1).error).toBeUndefined();
    expect(upgraded).toMatchObject({
      eventVersion: 2,
      added: [{ sectionId: SECTION_ID, sectionNumber: '02', periods: ['P4'] }],
      dropped: [],
    });
    for (const value of ['Learning Center', 'SPED-RES', 'Resource Room']) expect(JSON.stringify(upgraded)).not.toContain(value);
  });

  test('either version gives the family the same notice: the counts', () => {
    const upgraded = currentDetail(catalogEntry('sis.scheduling', 'Student Schedule Changed')!, CHANGED_V1);

    expect(noticeOf('Student Schedule Changed', CHANGED_V1)?.values).toEqual({ addedCount: 1, droppedCount: 0 });
    expect(noticeOf('Student Schedule Changed', upgraded)?.values).toEqual({ addedCount: 1, droppedCount: 0 });
  });
});
