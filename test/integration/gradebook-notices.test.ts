import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import {
  assignmentType,
  courseType,
  gradebookSettingsType,
  rosterEntryType,
  schoolType,
  schoolYearType,
  sectionType,
  studentType,
  termMarkType,
  type RecordData,
  type RecordType,
} from '../../domain/records/record-types';
import { eventOfOutboxItem } from '../../events/outbox';
import { GRADEBOOK_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { noticeOf, type Notice } from '../../events/notifications';
import type { StoredRecord } from '../../functions/repositories/record-store';
import { createServices, type Services } from '../../functions/services';
import { postScores } from '../../functions/use-cases/gradebook/post-scores';
import { resolveNotice } from '../../functions/use-cases/notifications/gradebook-notices';
import { systemContext } from '../../functions/repositories/write-context';
import { createTestTable, type TestTable } from '../support/dynamo';
import { schoolBody, studentBody } from '../support/fixtures';

/**
 * Gradebook events carry ids (decision 0089); the notifier reads what a parent's notice says from
 * DynamoDB Local when it delivers it: the course's title, the grade snapshot of a Low Grade (the
 * grade that triggered it, not the grade now), a posted mark at the event's version.
 */
describe('gradebook notices read by id at delivery', () => {
  let table: TestTable;
  let services: Services;
  let documents: DynamoDBDocumentClient;
  const [schoolId, sectionId, courseId, studentId, homework, quiz, noSuchAssignment] = Array.from({ length: 7 }, () => newId());
  const admin = { sub: 'admin-1', roles: ['district_admin'] as const, schoolIds: [] };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function put(type: RecordType, ids: Record<string, string>, id: string, data: RecordData, before?: StoredRecord) {
    const written = await services.records.write(
      systemContext('admin-1'),
      { kind: type, ids: { ...ids, [type.idParams.at(-1)!]: id }, data, ...(before ? { before } : {}) },
      { at: new Date().toISOString() },
    );
    return written.result;
  }

  /** The gradebook events a post left in the section's outbox, as the relay publishes them. */
  async function outboxEvents(detailType: string) {
    const page = await services.records.rawQuery({ partition: `SECTION#${sectionId}`, sortKeyPrefix: 'OUTBOX#', limit: 100 });
    return page.items.map(eventOfOutboxItem).filter((event) => event.detailType === detailType);
  }
  const delivered = async (event: { detailType: string; detail: Record<string, unknown> }) =>
    resolveNotice(services, noticeOf(event.detailType, event.detail) as Notice);

  beforeAll(async () => {
    table = await createTestTable('gradebook-notices');
    documents = DynamoDBDocumentClient.from(table.client, { marshallOptions: { removeUndefinedValues: true } });
    services = createServices(documents, table.tableName);
    await put(schoolType, { schoolId }, schoolId, schoolBody({ name: 'Lincoln High', type: 'high', gradeLevels: ['09'] }));
    await put(studentType, { studentId }, studentId, studentBody(schoolId, { gradeLevel: '09' }));
    await put(schoolYearType, { schoolId, schoolYear: '2026-2027' }, '2026-2027', {
      schoolId,
      schoolYear: '2026-2027',
      startDate: day(-60),
      endDate: day(60),
      terms: [{ code: 'S1', name: 'Fall semester', startDate: day(-60), endDate: day(60) }],
      gradingPeriods: [{ code: 'Q2', name: 'Quarter 2', termCode: 'S1', startDate: day(-10), endDate: day(10) }],
      nonInstructionalDays: [],
    });
    await put(courseType, { courseId }, courseId, {
      schoolId,
      code: 'ALG1',
      title: 'Algebra I',
      subject: 'math',
      gradeLevels: ['09'],
      credits: 1,
    });
    await put(sectionType, { sectionId }, sectionId, {
      schoolId,
      courseId,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '01',
      meetings: [{ period: 'P3', days: ['MON'] }],
      teachers: [],
    });
    await put(gradebookSettingsType, { sectionId }, sectionId, {
      sectionId,
      schoolId,
      mode: 'points',
      categories: [{ id: 'hw', name: 'Homework', weight: 100 }],
      missingCountsAsZero: true,
    });
    for (const [assignmentId, title, maxPoints] of [
      [homework, 'Homework 1', 10],
      [quiz, 'Quiz 1', 10],
    ] as const) {
      await put(assignmentType, { sectionId, assignmentId }, assignmentId, {
        sectionId,
        schoolId,
        title,
        categoryId: 'hw',
        assignedDate: day(-5),
        dueDate: day(-1),
        maxPoints,
        published: true,
      });
    }
    await put(rosterEntryType, { sectionId, studentId }, studentId, {
      sectionId,
      studentId,
      schoolId,
      courseId,
      schoolYear: '2026-2027',
      termCode: 'S1',
    });
  }, 60_000);
  afterAll(() => table?.drop());

  test('a Low Grade notice states the grade that crossed the threshold, even after a later score raised it', async () => {
    // Arrange: the homework goes missing (0 %), then the quiz brings the grade to 45 %.
    const write = { principal: admin };
    expect((await postScores(services, sectionId, homework, { scores: [{ studentId, status: 'missing' }] }, write)).result).toMatchObject({
      lowGrades: 1,
      missing: 1,
    });
    await postScores(services, sectionId, quiz, { scores: [{ studentId, points: 9 }] }, write);
    const [low] = await outboxEvents('Low Grade');
    const [missing] = await outboxEvents('Assignment Missing');

    // Act
    const lowNotice = await delivered(low!);
    const missingNotice = await delivered(missing!);

    // Assert: the payloads hold ids; the notices hold what a parent reads.
    expect(JSON.stringify([low!.detail, missing!.detail])).not.toMatch(/Algebra|Homework|Quarter|percent|letter/);
    expect(lowNotice).toMatchObject({
      kind: 'lowGrade',
      studentId,
      values: { courseTitle: 'Algebra I', percent: 0, letter: 'F', gradingPeriodName: 'Quarter 2' },
    });
    expect(lowNotice?.lookup).toBeUndefined();
    expect(missingNotice?.values).toEqual({ courseTitle: 'Algebra I', assignmentTitle: 'Homework 1', dueDate: day(-1) });
  });

  test('a Low Grade upgraded from version 1 by the relay (no snapshot) states the grade computed at delivery', async () => {
    // Arrange: the event the relay makes of an outbox item written by the previous code.
    const [low] = await outboxEvents('Low Grade');
    await documents.send(
      new DeleteCommand({ TableName: table.tableName, Key: keys.lowGradeNotice(sectionId, studentId, String(low!.detail.eventId)) }),
    );

    // Act
    const notice = await delivered(low!);

    // Assert: 9 of 20 points now.
    expect(notice?.values).toMatchObject({ courseTitle: 'Algebra I', percent: 45, letter: 'F' });
  });

  test('a Grade Posted notice reads the mark at the event’s version: the first post says D, its correction C-', async () => {
    // Arrange: a mark posted as D (version 1), then corrected to C- (version 2).
    const ids = { sectionId, gradingPeriod: 'Q2', studentId };
    const mark = (letter: string) => ({
      studentId,
      gradingPeriod: 'Q2',
      final: false,
      letter,
      comments: [],
      source: 'entered',
      status: 'posted',
      sectionId,
      schoolId,
      schoolYear: '2026-2027',
      termCode: 'S1',
      courseId,
    });
    const first = await put(termMarkType, ids, studentId, mark('D'));
    const second = await put(termMarkType, ids, studentId, mark('C-'), first);
    const event = (version: number, corrected: boolean) =>
      buildEvent(GRADEBOOK_EVENTS.gradePosted, {
        occurredAt: new Date().toISOString(),
        actor: { sub: 'admin-1', roles: ['district_admin'] },
        recordType: 'termMark',
        ids,
        schoolIds: [schoolId],
        changedFields: [],
        studentId,
        section: { sectionId, schoolId },
        gradingPeriod: { schoolYear: '2026-2027', code: 'Q2' },
        final: false,
        corrected,
        recordVersion: version,
      });

    // Act
    const notices = await Promise.all([delivered(event(first.version, false)), delivered(event(second.version, true))]);

    // Assert
    expect(notices.map((notice) => notice?.values)).toEqual([
      { courseTitle: 'Algebra I', letter: 'D', gradingPeriodName: 'Quarter 2' },
      { courseTitle: 'Algebra I', letter: 'C-', gradingPeriodName: 'Quarter 2' },
    ]);
  });

  test('an event about a record that cannot be found gives no notice', async () => {
    const event = buildEvent(GRADEBOOK_EVENTS.assignmentMissing, {
      occurredAt: new Date().toISOString(),
      actor: { sub: 'admin-1', roles: ['district_admin'] },
      recordType: 'score',
      ids: { sectionId, assignmentId: noSuchAssignment!, studentId },
      schoolIds: [schoolId],
      changedFields: [],
      studentId,
      section: { sectionId, schoolId },
      assignmentId: noSuchAssignment!,
    });

    expect(await delivered(event)).toBeUndefined();
  });
});
