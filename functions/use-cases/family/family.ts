import * as z from 'zod';
import { Forbidden, Invalid, NotFound, StaleVersion } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import {
  bellScheduleType,
  courseType,
  guardianLinkType,
  guardianType,
  schoolType,
  schoolYearType,
  sectionType,
  staffType,
  studentType,
} from '../../../domain/records/record-types';
import type { GuardianLink, Student } from '../../../domain/schemas/people';
import { mergePatch } from '../../../domain/validation';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { checkData, commitChange, type RecordResult } from '../records/record-view';
import { scheduleEntries } from '../scheduling/placements';
import type { WriteContext, Written } from '../write-context';

/** `?schoolYear=&term=` of a child's schedule; the current term when absent. */
export const ChildTermQuery = z.object({
  schoolYear: z
    .string()
    .regex(/^\d{4}-\d{4}$/, { error: 'must be a school year such as 2026-2027' })
    .optional(),
  term: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be a term code' })
    .optional(),
});

/** The guardian the caller is: parents' tokens name their guardian record. */
export function guardianIdOf(principal: Principal): string {
  if (!principal.guardianId) throw new Forbidden('This portal is for parents and guardians whose account is linked to a guardian record.');
  return principal.guardianId;
}

/**
 * A child of the caller with educational rights. Any other id, a child without those rights and
 * a child that does not exist get the same answer, after the same reads, so nothing can be
 * learned from either.
 */
export async function childOf(services: Services, principal: Principal, studentId: string): Promise<StoredRecord<Student>> {
  const guardianId = guardianIdOf(principal);
  const [link, student] = await Promise.all([
    services.records.get(guardianLinkType, { studentId, guardianId }),
    services.records.get(studentType, { studentId }),
  ]);
  const linked = link !== undefined && !link.deletedAt && link.data.educationalRights === true;
  if (!linked || !student || student.deletedAt) throw new NotFound(`No child ${studentId} on your account.`);
  return student;
}

const nameOf = (student: Student) => ({
  first: student.preferredName?.first ?? student.legalName.first,
  last: student.preferredName?.last ?? student.legalName.last,
});

/** The caller's children with educational rights, each with their school and grade. */
export async function myChildren(services: Services, principal: Principal) {
  const guardianId = guardianIdOf(principal);
  const { pk, skPrefix } = keys.childrenOfGuardianQuery(guardianId);
  const links: StoredRecord<GuardianLink>[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.query(guardianLinkType, {
      index: 'gsi1',
      partition: pk,
      sortKeyPrefix: skPrefix,
      limit: 100,
      cursor,
    });
    links.push(...page.items.filter((link) => !link.deletedAt && link.data.educationalRights === true));
    cursor = page.nextCursor;
  } while (cursor);
  const students = (
    await services.records.getMany(
      studentType,
      links.map((link) => ({ studentId: String(link.ids.studentId) })),
    )
  ).filter((student) => !student.deletedAt);
  const schools = await services.records.getMany(
    schoolType,
    [...new Set(students.map((student) => student.data.schoolId))].map((schoolId) => ({ schoolId })),
  );
  const schoolName = new Map(schools.map((school) => [school.id, school.data.name]));
  return {
    items: students.map((record) => {
      const student = record.data;
      const link = links.find((candidate) => candidate.ids.studentId === record.id);
      return {
        studentId: record.id,
        name: nameOf(student),
        gradeLevel: student.gradeLevel,
        school: { id: student.schoolId, name: schoolName.get(student.schoolId) },
        relationship: link?.data.relationship,
      };
    }),
  };
}

/** A child's profile as the family sees it, with the school's contacts. */
export async function childProfile(services: Services, principal: Principal, studentId: string) {
  const record = await childOf(services, principal, studentId);
  const student = record.data;
  const school = await services.records.get(schoolType, { schoolId: student.schoolId });
  const schoolData = school?.data;
  return {
    studentId,
    districtStudentId: student.districtStudentId,
    legalName: student.legalName,
    ...(student.preferredName ? { preferredName: student.preferredName } : {}),
    birthDate: student.birthDate,
    gradeLevel: student.gradeLevel,
    homeLanguage: student.homeLanguage,
    school: schoolData
      ? {
          id: student.schoolId,
          name: schoolData.name,
          address: schoolData.address,
          ...(schoolData.phone ? { phone: schoolData.phone } : {}),
          ...(schoolData.principalName ? { principalName: schoolData.principalName } : {}),
          timeZone: schoolData.timeZone,
        }
      : { id: student.schoolId },
  };
}

/** The school year and term a date falls in (or the next to start), from the school's calendars. */
export async function currentTerm(
  services: Services,
  schoolId: string,
  today: string,
): Promise<{ schoolYear: string; term: string } | undefined> {
  const { pk, skPrefix } = keys.schoolYearsOfSchool(schoolId);
  const years = (
    await services.records.query(schoolYearType, { partition: pk, sortKeyPrefix: skPrefix, limit: 20, skipDeleted: true })
  ).items.map((record) => record.data);
  const terms = years
    .flatMap((year) => year.terms.map((term) => ({ schoolYear: year.schoolYear, term })))
    .sort((a, b) => a.term.startDate.localeCompare(b.term.startDate));
  const found =
    terms.find(({ term }) => term.startDate <= today && today <= term.endDate) ?? terms.find(({ term }) => term.startDate > today);
  return found ? { schoolYear: found.schoolYear, term: found.term.code } : undefined;
}

/** A child's classes for a term (the current one by default): courses, periods with bell times, rooms and teachers. */
export async function childSchedule(
  services: Services,
  principal: Principal,
  studentId: string,
  query: { schoolYear?: string; term?: string },
) {
  const record = await childOf(services, principal, studentId);
  const student = record.data;
  const term =
    query.schoolYear && query.term
      ? { schoolYear: query.schoolYear, term: query.term }
      : await currentTerm(services, student.schoolId, services.now().toISOString().slice(0, 10));
  if (!term) return { studentId, classes: [] };
  const entries = await scheduleEntries(services, studentId, term.schoolYear, term.term);
  const sections = (
    await services.records.getMany(
      sectionType,
      entries.map((entry) => ({ sectionId: entry.data.sectionId })),
    )
  ).filter((section) => !section.deletedAt);
  const sectionData = sections.map((section) => ({ id: section.id, ...section.data }));
  const { pk, skPrefix } = keys.bellSchedulesOfSchool(student.schoolId);
  const [courses, teachers, bells, year] = await Promise.all([
    services.records.getMany(
      courseType,
      [...new Set(sectionData.map((section) => section.courseId))].map((courseId) => ({ courseId })),
    ),
    services.records.getMany(
      staffType,
      [...new Set(sectionData.flatMap((section) => section.teachers.map((teacher) => teacher.staffId)))].map((staffId) => ({ staffId })),
    ),
    services.records.query(bellScheduleType, { partition: pk, sortKeyPrefix: skPrefix, limit: 20, skipDeleted: true }),
    services.records.get(schoolYearType, { schoolId: student.schoolId, schoolYear: term.schoolYear }),
  ]);
  const defaultBell = bells.items.map((bell) => bell.data).find((bell) => bell.isDefault) ?? bells.items[0]?.data;
  const periodTimes = new Map(
    (defaultBell?.periods ?? []).map((period) => [
      period.code,
      { name: period.name, startTime: period.startTime, endTime: period.endTime },
    ]),
  );
  const courseById = new Map(courses.map((course) => [course.id, course.data]));
  const teacherById = new Map(teachers.map((teacher) => [teacher.id, teacher.data]));
  const termInfo = year?.data.terms.find((candidate) => candidate.code === term.term);
  return {
    studentId,
    schoolYear: term.schoolYear,
    term: term.term,
    ...(termInfo ? { termName: termInfo.name, startDate: termInfo.startDate, endDate: termInfo.endDate } : {}),
    classes: sectionData
      .map((section) => ({
        sectionId: section.id,
        courseTitle: courseById.get(section.courseId)?.title,
        courseCode: courseById.get(section.courseId)?.code,
        meetings: section.meetings.map((meeting) => ({ ...meeting, ...(periodTimes.get(meeting.period) ?? {}) })),
        ...(section.room ? { room: section.room } : {}),
        teachers: section.teachers.map((teacher) => {
          const staff = teacherById.get(teacher.staffId);
          return { role: teacher.role, ...(staff ? { name: staff.name, ...(staff.email ? { email: staff.email } : {}) } : {}) };
        }),
      }))
      .sort((a, b) =>
        (a.meetings[0]?.startTime ?? a.meetings[0]?.period ?? '').localeCompare(b.meetings[0]?.startTime ?? b.meetings[0]?.period ?? ''),
      ),
  };
}

/** What a parent may change about themselves; names and links are kept by the school. */
const SELF_SERVICE_FIELDS = ['email', 'phone', 'address', 'preferredLanguage'];

/** The parent's own contact details, changed on the version they read (If-Match). */
export async function updateMe(
  services: Services,
  patch: unknown,
  expectedVersion: number,
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const guardianId = guardianIdOf(context.principal);
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    throw new Invalid([{ field: 'body', message: 'must be a JSON object' }]);
  const refused = Object.keys(patch).filter((field) => !SELF_SERVICE_FIELDS.includes(field));
  if (refused.length > 0)
    throw new Invalid(refused.map((field) => ({ field, message: 'is kept by the school; ask the school office to change it' })));
  const before = await services.records.get(guardianType, { guardianId });
  if (!before || before.deletedAt) throw new NotFound('Your guardian record was not found; contact the school office.');
  if (before.version !== expectedVersion) throw new StaleVersion(before.version);
  const now = services.now();
  const data = checkData(guardianType, mergePatch(before.data, patch), now.toISOString().slice(0, 10));
  return commitChange(services, context, { kind: guardianType, ids: before.ids, before, data });
}

/** The parent's own guardian record. */
export async function me(services: Services, principal: Principal): Promise<StoredRecord> {
  const guardianId = guardianIdOf(principal);
  const record = await services.records.get(guardianType, { guardianId });
  if (!record || record.deletedAt) throw new NotFound('Your guardian record was not found; contact the school office.');
  return record;
}
