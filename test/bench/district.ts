/**
 * Set-up steps the benchmarks share: a school with its year, families enrolled through the
 * enrollment API (intake and processor), teachers and their sections, students placed on rosters.
 * Everything goes through the API, so the set-up itself exercises the use cases, except
 * `seedRosters`, for the benchmarks that measure what comes after a roster is made.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { schoolBody, schoolYearBody, staffBody } from '../support/fixtures';
import { pool, settle, type RetryingApi } from './support';

export const BENCH_YEAR = '2026-2027';

const letters = (index: number) => String(index).replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!);

/** A new family's enrollment request for grade 9: a student never seen before (named by `index`) and a parent. */
export function enrollmentRequestBody(schoolId: string, index: number, guardianEmail?: string) {
  return {
    kind: 'new',
    schoolId,
    schoolYear: BENCH_YEAR,
    gradeLevel: '09',
    entryDate: '2026-08-24',
    student: {
      legalName: { first: `Student${letters(index)}`, last: 'Bench' },
      birthDate: '2011-05-10',
      gender: 'unspecified',
      homeLanguage: 'en',
    },
    guardians: [
      {
        guardian: {
          name: { first: 'Parent', last: `Bench${index}` },
          preferredLanguage: 'en',
          ...(guardianEmail ? { email: guardianEmail } : {}),
        },
        link: { relationship: 'parent', custody: true, educationalRights: true, livesWith: true },
      },
    ],
  };
}

/** A high school (grades 9–12) with the fixture school year. */
export async function createHighSchool(api: RetryingApi, name: string): Promise<string> {
  const admin = api.token('district_admin');
  const school = await api.call('POST', '/v1/schools', {
    token: admin,
    body: schoolBody({ name, type: 'high', gradeLevels: ['09', '10', '11', '12'] }),
  });
  if (school.status !== 201) throw new Error(`school: ${JSON.stringify(school.body)}`);
  await api.call('POST', `/v1/schools/${school.body.id}/school-years`, { token: admin, body: schoolYearBody() });
  return school.body.id as string;
}

export interface EnrolledFamily {
  readonly studentId: string;
  readonly guardianId: string;
}

/**
 * Requests `count` new students' enrollment (one parent each, with an e-mail address when
 * `withEmail`) through the enrollment API, waits for the processor to settle them, and returns the
 * requests' status URLs. `first` numbers the students.
 */
export async function requestEnrollments(
  api: RetryingApi,
  runtime: { idle(): Promise<void> },
  schoolId: string,
  count: number,
  { first = 0, concurrency = 4, withEmail = false } = {},
): Promise<string[]> {
  const admin = api.token('district_admin');
  const statusUrls: string[] = [];
  await pool(count, concurrency, async (index) => {
    const number = first + index;
    const answer = await api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      headers: { 'idempotency-key': `bench-enroll-${number}` },
      body: enrollmentRequestBody(schoolId, number, withEmail ? `parent.${number}@example.com` : undefined),
    });
    if (answer.status !== 202) throw new Error(`enrollment ${number}: ${answer.status} ${JSON.stringify(answer.body)}`);
    statusUrls[index] = answer.body.statusUrl;
  });
  await settle(runtime);
  return statusUrls;
}

/** The students and first guardians of settled enrollment requests (read after the measured part). */
export async function familiesOf(api: RetryingApi, statusUrls: readonly string[]): Promise<EnrolledFamily[]> {
  const admin = api.token('district_admin');
  const families: EnrolledFamily[] = [];
  for (const url of statusUrls) {
    const status = await api.call('GET', url, { token: admin });
    if (status.body.status !== 'ENROLLED') throw new Error(`${url}: ${JSON.stringify(status.body)}`);
    const links = await api.call('GET', `/v1/students/${status.body.studentId}/guardians`, { token: admin });
    families.push({ studentId: status.body.studentId, guardianId: links.body.items[0].guardianId });
  }
  return families;
}

export interface BenchSection {
  readonly sectionId: string;
  readonly staffId: string;
  /** The section's teacher. */
  readonly token: string;
}

/** `count` sections of one course each, period by period, each with its own teacher. */
export async function createSections(api: RetryingApi, schoolId: string, count: number): Promise<BenchSection[]> {
  const admin = api.token('district_admin');
  const sections: BenchSection[] = [];
  for (let index = 0; index < count; index += 1) {
    const course = await api.call('POST', `/v1/schools/${schoolId}/courses`, {
      token: admin,
      body: { code: `BENCH-${index}`, title: `Bench Studies ${index}`, subject: 'electives', gradeLevels: ['09'], credits: 1 },
    });
    const staff = await api.call('POST', '/v1/staff', {
      token: admin,
      body: staffBody([schoolId], { name: { first: 'Teacher', last: `Bench${letters(index)}` } }),
    });
    if (staff.status !== 201) throw new Error(`staff ${index}: ${JSON.stringify(staff.body)}`);
    const section = await api.call('POST', `/v1/schools/${schoolId}/sections`, {
      token: admin,
      body: {
        courseId: course.body.id,
        schoolYear: BENCH_YEAR,
        termCode: 'S1',
        sectionNumber: String(index + 1).padStart(3, '0'),
        meetings: [{ period: `P${(index % 7) + 1}`, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: staff.body.id, role: 'primary' }],
      },
    });
    if (section.status !== 201) throw new Error(`section ${index}: ${JSON.stringify(section.body)}`);
    sections.push({
      sectionId: section.body.id,
      staffId: staff.body.id,
      token: api.token('teacher', { staffId: staff.body.id, schoolIds: [schoolId] }),
    });
  }
  return sections;
}

/** Places students on a section's roster, `batch` a call; a retried batch finds its students placed. */
export async function placeOnRoster(api: RetryingApi, sectionId: string, studentIds: readonly string[], batch = 10): Promise<void> {
  const admin = api.token('district_admin');
  for (let start = 0; start < studentIds.length; start += batch) {
    const ids = studentIds.slice(start, start + batch);
    const placed = await api.call('POST', `/v1/sections/${sectionId}/roster`, { token: admin, body: { studentIds: ids } });
    const settled = (placed.body.results ?? []).filter(
      (result: { status: string; refusals?: { code: string }[] }) =>
        result.status === 'placed' || result.refusals?.[0]?.code === 'already-in-section',
    ).length;
    if (settled !== ids.length) throw new Error(`roster ${sectionId}: ${JSON.stringify(placed.body).slice(0, 300)}`);
  }
}

/**
 * Seeds rosters straight into the table, as the assignment's transaction leaves them: a live roster
 * entry (term S1 of the bench year) per student of each section.
 */
export async function seedRosters(
  documents: DynamoDBDocumentClient,
  tableName: string,
  schoolId: string,
  sections: readonly { readonly sectionId: string; readonly studentIds: readonly string[] }[],
): Promise<void> {
  const at = new Date().toISOString();
  const rosterItems = sections.flatMap(({ sectionId, studentIds }) =>
    studentIds.map((studentId) => ({
      ...keys.rosterEntry(sectionId, studentId),
      entity: 'rosterEntry',
      id: studentId,
      ids: { sectionId, studentId },
      version: 1,
      data: { sectionId, studentId, schoolId, schoolYear: BENCH_YEAR, termCode: 'S1', cells: [] },
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      updatedBy: 'bench',
    })),
  );
  for (let start = 0; start < rosterItems.length; start += 25) {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: rosterItems.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}
