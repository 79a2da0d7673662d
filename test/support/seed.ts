/**
 * Data for a test, made by calling the use cases the API calls (decision 0099): a school, its year,
 * staff, courses and sections, students enrolled by the enrollment processor, class assignments.
 * The use-case tier seeds its own table with these; the e2e tier seeds the running system's table
 * with them (`storeServices`), rather than posting requests and waiting for the queues to drain.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../domain/principal';
import { courseType, schoolType, schoolYearType, sectionType, staffType, type RecordType } from '../../domain/records/record-types';
import { createServices, type Services } from '../../functions/services';
import { EnrollmentProcessor } from '../../functions/use-cases/enrollment/enroll-request';
import { getEnrollmentRequest } from '../../functions/use-cases/enrollment/enrollment-requests';
import { submitIntake, type IntakeDeps } from '../../functions/use-cases/enrollment/submit-intake';
import { listRecords } from '../../functions/use-cases/records/list-records';
import { createRecord } from '../../functions/use-cases/records/create-record';
import { assignStudent } from '../../functions/use-cases/scheduling/assign-student';
import type { LocalRuntime } from '../../infra/local/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody, staffBody } from './fixtures';
import { as } from './principals';
import { recordingQueue } from './use-cases';

const admin = as.districtAdmin();
/** The access of `GET /v1/students/{studentId}/guardians`. */
const GUARDIAN_LINKS = { resource: 'guardianLink', action: 'list' } as const;
const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };

/** The services of a running local system, on its table: the e2e tier's way to make data through the store. */
export function storeServices(runtime: Pick<LocalRuntime, 'dynamoClient' | 'tableName'>): Services {
  return createServices(DynamoDBDocumentClient.from(runtime.dynamoClient), runtime.tableName);
}

async function create(services: Services, type: RecordType, parentIds: Record<string, string>, body: unknown, by: Principal = admin) {
  return (await createRecord(services, type, parentIds, body, { principal: by })).result;
}

/** A school (`schoolBody` with `overrides`); its record as the API shows it. */
export async function seedSchool(services: Services, overrides: Record<string, unknown> = {}) {
  const school = await create(services, schoolType, {}, schoolBody(overrides));
  return school.record as { id: string } & Record<string, unknown>;
}

/** The school's 2026-2027 year (`schoolYearBody` with `overrides`: grade capacities, say). */
export async function seedSchoolYear(services: Services, schoolId: string, overrides: Record<string, unknown> = {}) {
  return (await create(services, schoolYearType, { schoolId }, schoolYearBody(overrides))).record;
}

/** A high school with grade 9 and its 2026-2027 year: the most common starting point. */
export async function seedHighSchool(services: Services, name = 'Lincoln High', overrides: Record<string, unknown> = {}) {
  const school = await seedSchool(services, { name, type: 'high', gradeLevels: ['09', '10', '11', '12'], ...overrides });
  await seedSchoolYear(services, school.id);
  return school.id;
}

/** A staff member of `schoolIds` (a teacher unless told); their id. */
export async function seedStaff(services: Services, schoolIds: string[], overrides: Record<string, unknown> = {}): Promise<string> {
  return (await create(services, staffType, {}, staffBody(schoolIds, overrides))).record.id as string;
}

/** A course of the school (grade 9, one credit unless told); its id. */
export async function seedCourse(
  services: Services,
  schoolId: string,
  code: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const body = { schoolId, code, title: code, subject: 'electives', gradeLevels: ['09'], credits: 1, ...overrides };
  return (await create(services, courseType, {}, body)).record.id as string;
}

/** A section of term S1 of 2026-2027, meeting every weekday in `period` unless `meetings` says otherwise; its id. */
export async function seedSection(
  services: Services,
  schoolId: string,
  courseId: string,
  { number = '01', period = 'P1', ...extra }: { number?: string; period?: string } & Record<string, unknown> = {},
): Promise<string> {
  const body = {
    schoolId,
    courseId,
    schoolYear: '2026-2027',
    termCode: 'S1',
    sectionNumber: number,
    meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    ...extra,
  };
  return (await create(services, sectionType, {}, body)).record.id as string;
}

/** Puts students in a section, as the school's administrator would (each assignment one use case call). */
export async function seedRoster(services: Services, sectionId: string, studentIds: readonly string[]): Promise<void> {
  for (const studentId of studentIds) await assignStudent(services, sectionId, studentId, {}, { principal: admin });
}

/**
 * An enrollment request submitted by `principal` (a district admin unless told) and processed at
 * once by the enrollment processor, as the queue's consumer would; the request as its status URL
 * shows it (ENROLLED with the studentId, or REJECTED with reasons).
 */
export async function seedEnrollment(
  deps: Pick<IntakeDeps, 'services'> & Partial<IntakeDeps>,
  body: unknown,
  principal: Principal = admin,
): Promise<Awaited<ReturnType<typeof getEnrollmentRequest>>> {
  const intake: IntakeDeps = { queue: recordingQueue(), log: silent, ...deps };
  const receipt = await submitIntake(intake, body, { principal });
  await new EnrollmentProcessor(deps.services).process(receipt.result.id);
  return getEnrollmentRequest(deps.services, receipt.result.id, admin);
}

/**
 * `count` new students enrolled in `gradeLevel` of the school (each with one guardian), processed as
 * the consumer would, a few at a time; their ids, in the order they were asked for.
 */
export async function seedStudents(services: Services, schoolId: string, count: number, gradeLevel = '09'): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const enrollNext = async () => {
    for (let index = next++; index < count; index = next++) {
      const settled = await seedEnrollment({ services }, newEnrollmentBody(schoolId, { gradeLevel }));
      if (settled.status !== 'ENROLLED')
        throw new Error(`seeding: the enrollment was ${settled.status}: ${JSON.stringify(settled.rejection)}`);
      ids[index] = settled.studentId!;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, count) }, enrollNext));
  return ids;
}

/** The guardian linked to a student at enrollment (the first one). */
export async function firstGuardianOf(services: Services, studentId: string): Promise<string> {
  const links = await listRecords(services, 'guardiansOfStudent', { studentId }, { limit: 10 }, admin, GUARDIAN_LINKS);
  return (links.items[0] as { guardianId: string }).guardianId;
}
