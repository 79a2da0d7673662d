import { NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { courseType, rosterEntryType, sectionType, staffType, studentType } from '../../../domain/records/record-types';
import * as z from 'zod';
import { PageQuery, RecordId, type PageRequest, SchoolYearLabel } from '../../../domain/schemas/common';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { view } from '../records/record-view';
import { loadSection, scheduleEntries } from './placements';

/** `?schoolYear=2026-2027&term=S1`: the term a schedule or a list is about. */
export const Term = z.object({
  schoolYear: SchoolYearLabel,
  term: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be a term code of the school year' }),
});
export type TermQuery = z.infer<typeof Term>;
export const TermPageQuery = PageQuery.extend(Term.shape);
/** The filters of `GET /v1/schools/{schoolId}/sections`. */
export const SectionQuery = TermPageQuery.extend({
  courseId: RecordId.optional(),
  teacherId: RecordId.optional(),
  period: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,10}$/, { error: 'must be a bell period code' })
    .optional(),
});

const sectionView = (record: StoredRecord<Section>) => view(sectionType, record);

/** A section's roster: one Query of its partition, and the students' names in one BatchGetItem. */
export async function listRoster(services: Services, sectionId: string, page: PageRequest, principal: Principal) {
  const loaded = await loadSection(services, sectionId);
  await services.access.authorize(principal, 'list', 'roster', { sectionId }, loaded.record.data);
  const { pk, skPrefix } = keys.rosterOfSection(sectionId);
  const entries = await services.records.query(rosterEntryType, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    limit: page.limit,
    cursor: page.cursor,
    skipDeleted: true,
  });
  const students = await services.records.getMany(
    studentType,
    entries.items.map((entry) => ({ studentId: entry.id })),
  );
  const byId = new Map(students.map((student) => [student.id, student.data]));
  return {
    sectionId,
    capacity: (await services.schedules.seats(sectionId))?.capacity,
    items: entries.items.map((entry) => {
      const student = byId.get(entry.id);
      const data = entry.data;
      return {
        studentId: entry.id,
        ...(student ? { legalName: student.legalName, preferredName: student.preferredName, gradeLevel: student.gradeLevel } : {}),
        placedBy: data.placedBy,
        ...(data.override ? { override: data.override } : {}),
        since: entry.updatedAt,
        version: entry.version,
      };
    }),
    ...(entries.nextCursor ? { nextCursor: entries.nextCursor } : {}),
  };
}

/** A student's classes in one term, with each section's periods, room, teachers and course. */
export async function studentSchedule(services: Services, studentId: string, query: TermQuery, principal: Principal) {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'schedule', { studentId }, student.data);
  const entries = await scheduleEntries(services, studentId, query.schoolYear, query.term);
  const sections = await services.records.getMany(
    sectionType,
    entries.map((entry) => ({ sectionId: entry.data.sectionId })),
  );
  const courses = await services.records.getMany(
    courseType,
    [...new Set(sections.map((section) => section.data.courseId))].map((courseId) => ({ courseId })),
  );
  const courseById = new Map(courses.map((course) => [course.id, course.data]));
  const classes = sections
    .filter((section) => !section.deletedAt)
    .map((record) => {
      const section = record.data;
      const course = courseById.get(section.courseId);
      return {
        sectionId: record.id,
        sectionNumber: section.sectionNumber,
        courseId: section.courseId,
        courseCode: course?.code,
        courseTitle: course?.title,
        credits: course?.credits,
        meetings: section.meetings,
        ...(section.room ? { room: section.room } : {}),
        teachers: section.teachers,
      };
    })
    .sort((a, b) => (a.meetings[0]?.period ?? '').localeCompare(b.meetings[0]?.period ?? ''));
  return { studentId, schoolYear: query.schoolYear, term: query.term, classes };
}

/** A teacher's sections of a term: one query of the teacher's section items (gsi2). */
export async function teacherSections(services: Services, staffId: string, query: TermQuery & PageRequest, principal: Principal) {
  const staff = await services.records.get(staffType, { staffId });
  if (!staff || staff.deletedAt) throw new NotFound(`No staff member ${staffId}.`);
  await services.access.authorize(principal, 'read', 'staff', { staffId }, staff.data);
  const page = await services.records.query(sectionType, {
    index: 'gsi2',
    partition: keys.sectionsOfTeacher(staffId, query.schoolYear, query.term),
    sortKeyPrefix: '',
    limit: query.limit,
    cursor: query.cursor,
  });
  return { staffId, items: page.items.map(sectionView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export interface SectionFilter extends TermQuery, PageRequest {
  readonly courseId?: string;
  readonly period?: string;
  readonly teacherId?: string;
}

/**
 * A school's sections of a term: one query of the school-term index (a course's by its prefix),
 * or of the teacher's index. A period filter is applied to each page, so a page may be short.
 */
export async function listSections(services: Services, schoolId: string, filter: SectionFilter, principal: Principal) {
  await services.access.authorize(principal, 'list', 'section', { schoolId });
  const page = filter.teacherId
    ? await services.records.query(sectionType, {
        index: 'gsi2',
        partition: keys.sectionsOfTeacher(filter.teacherId, filter.schoolYear, filter.term),
        sortKeyPrefix: filter.courseId ? `${filter.courseId}#` : '',
        limit: filter.limit,
        cursor: filter.cursor,
      })
    : await services.records.query(sectionType, {
        index: 'gsi1',
        partition: keys.sectionsOfSchoolTerm(schoolId, filter.schoolYear, filter.term),
        sortKeyPrefix: filter.courseId ? keys.sectionsOfCourse(schoolId, filter.schoolYear, filter.term, filter.courseId).skPrefix : '',
        limit: filter.limit,
        cursor: filter.cursor,
      });
  const items = page.items
    .filter((record) => record.data.schoolId === schoolId)
    .filter((record) => !filter.period || record.data.meetings.some((meeting) => meeting.period === filter.period));
  return { schoolId, items: items.map(sectionView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Seats left per course and section in a term: the term's sections (one query) and their seat counters (BatchGetItem). */
export async function openSeats(services: Services, schoolId: string, query: TermQuery, principal: Principal) {
  await services.access.authorize(principal, 'list', 'section', { schoolId });
  const sections: StoredRecord<Section>[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.query(sectionType, {
      index: 'gsi1',
      partition: keys.sectionsOfSchoolTerm(schoolId, query.schoolYear, query.term),
      sortKeyPrefix: '',
      limit: 100,
      cursor,
    });
    sections.push(...page.items.filter((record) => record.data.status === 'active'));
    cursor = page.nextCursor;
  } while (cursor);
  const [seats, courses] = await Promise.all([
    services.schedules.seatsOf(sections.map((section) => section.id)),
    services.records.getMany(
      courseType,
      [...new Set(sections.map((section) => section.data.courseId))].map((courseId) => ({ courseId })),
    ),
  ]);
  const byCourse = new Map<string, { sectionId: string; sectionNumber: string; capacity: number; taken: number; open: number }[]>();
  for (const record of sections) {
    const section = record.data;
    const counter = seats.get(record.id) ?? { taken: 0, capacity: section.capacity ?? 0 };
    const entry = {
      sectionId: record.id,
      sectionNumber: section.sectionNumber,
      capacity: counter.capacity,
      taken: counter.taken,
      open: Math.max(0, counter.capacity - counter.taken),
    };
    byCourse.set(section.courseId, [...(byCourse.get(section.courseId) ?? []), entry]);
  }
  const courseById = new Map(courses.map((course) => [course.id, course.data]));
  return {
    schoolId,
    schoolYear: query.schoolYear,
    term: query.term,
    courses: [...byCourse.entries()].map(([courseId, list]) => ({
      courseId,
      courseCode: courseById.get(courseId)?.code,
      courseTitle: courseById.get(courseId)?.title,
      open: list.reduce((sum, section) => sum + section.open, 0),
      sections: list,
    })),
  };
}
