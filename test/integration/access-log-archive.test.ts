import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { AccessLogStore } from '../../functions/repositories/access-log-store';
import { FolderSink, archiveStudents, studentsOfSchool, type StudentManifest } from '../../infra/ops/access-log-archive';
import { createTestTable, type TestTable } from '../support/dynamo';

/**
 * The archive of the record of access (npm run access-log:archive, decision 0158), written to a folder, the local
 * stand-in for the Object Lock bucket: one JSON Lines object per student and day, a manifest of counts and
 * checksums, nothing written twice, and a stopped run resumed.
 */
describe('the access-log archive', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;
  let store: AccessLogStore;
  const school = `school-${Date.now()}`;
  const students = ['stu-a', 'stu-b', 'stu-c'].map((id) => `${id}-${Date.now()}`);
  const read = (studentId: string, at: string, family = 'health') =>
    store.append({
      studentId,
      at,
      actor: { sub: 'nurse-sub', staffId: 'nurse-1' },
      role: 'nurse',
      what: { family, operation: 'read', recordIds: ['r1'] },
      purpose: 'medication',
      disclosure: false,
    });

  beforeAll(async () => {
    table = await createTestTable('access-archive');
    documents = DynamoDBDocumentClient.from(table.client);
    store = new AccessLogStore(documents, table.tableName);
    for (const [index, studentId] of students.entries()) {
      await documents.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...keys.student(studentId),
            ...keys.studentsOfSchoolByName(school, 'Ruiz', `Ana${index}`, studentId),
            entity: 'student',
            id: studentId,
          },
        }),
      );
    }
    // Two days of reads for the first student, one for the second, none for the third; and a read today (not closed).
    await read(students[0]!, '2026-09-01T08:00:00.000Z');
    await read(students[0]!, '2026-09-01T09:30:00.000Z', 'counseling');
    await read(students[0]!, '2026-09-02T10:00:00.000Z');
    await read(students[1]!, '2026-09-01T11:00:00.000Z');
    await read(students[0]!, '2026-09-10T07:00:00.000Z');
  });
  afterAll(() => table?.drop());

  const manifestOf = (dir: string, studentId: string) =>
    JSON.parse(readFileSync(join(dir, 'access-log', `student=${studentId}`, 'manifest.json'), 'utf8')) as StudentManifest;

  test("a school's students: JSON Lines per student and day, closed days only, with a manifest of counts and checksums", async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'sis-archive-'));

    // Act
    const ids = await studentsOfSchool(documents, table.tableName, school);
    const summary = await archiveStudents(store, new FolderSink(dir), ids, { before: '2026-09-10' });

    // Assert
    expect(new Set(ids)).toEqual(new Set(students));
    expect(summary).toEqual({ students: 3, entries: 4, written: 3, unchanged: 0, resumed: 0 });
    const first = join(dir, 'access-log', `student=${students[0]}`);
    expect(readdirSync(first).sort()).toEqual(['date=2026-09-01.jsonl', 'date=2026-09-02.jsonl', 'manifest.json']);
    const day = readFileSync(join(first, 'date=2026-09-01.jsonl'), 'utf8');
    const lines = day
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { at: string; what: { family: string } });
    expect(lines.map((entry) => [entry.at, entry.what.family])).toEqual([
      ['2026-09-01T08:00:00.000Z', 'health'],
      ['2026-09-01T09:30:00.000Z', 'counseling'],
    ]);
    const manifest = manifestOf(dir, students[0]!);
    expect(manifest).toMatchObject({ studentId: students[0], before: '2026-09-10', count: 3 });
    expect(manifest.days['2026-09-01']).toEqual({ count: 2, sha256: createHash('sha256').update(day).digest('hex') });
    expect(manifestOf(dir, students[2]!)).toMatchObject({ count: 0, days: {} });
  });

  test('a second run writes nothing: every object is there with its checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sis-archive-'));
    await archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-10' });
    const manifest = readFileSync(join(dir, 'access-log', `student=${students[0]}`, 'manifest.json'), 'utf8');

    const again = await archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-10' });

    expect(again).toEqual({ students: 3, entries: 4, written: 0, unchanged: 3, resumed: 0 });
    expect(readFileSync(join(dir, 'access-log', `student=${students[0]}`, 'manifest.json'), 'utf8')).toBe(manifest);
  });

  test('a run that stopped goes on from its state file, and the state file goes when it ends', async () => {
    // Arrange: the run stops after the first student.
    const dir = mkdtempSync(join(tmpdir(), 'sis-archive-'));
    const stateFile = join(dir, '.state.json');
    const stopped = await archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-10', stateFile, stopAfter: 1 });
    expect(stopped).toMatchObject({ students: 1, written: 2 });
    expect(existsSync(stateFile)).toBe(true);

    // Act
    const resumed = await archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-10', stateFile });

    // Assert
    expect(resumed).toEqual({ students: 3, entries: 4, written: 3, unchanged: 0, resumed: 1 });
    expect(existsSync(stateFile)).toBe(false);
    // A stopped run up to another day is not mixed with this one.
    await archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-11', stateFile, stopAfter: 1 });
    await expect(archiveStudents(store, new FolderSink(dir), students, { before: '2026-09-10', stateFile })).rejects.toThrow(
      /run up to 2026-09-11/,
    );
  });

  test('an archived day is never overwritten with other contents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sis-archive-'));
    const sink = new FolderSink(dir);
    await sink.put(`access-log/student=${students[1]}/date=2026-09-01.jsonl`, '{"tampered":true}\n');

    await expect(archiveStudents(store, sink, [students[1]!], { before: '2026-09-10' })).rejects.toThrow(/other contents: not overwritten/);
  });
});
