import * as z from 'zod';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { courseType, sectionType, termMarkType } from '../../../domain/records/record-types';
import { SchoolYearLabel, TermCode } from '../../../domain/scheduling/schemas';
import type { Services } from '../../services';
import { gradesInTerm } from '../gradebook/read-grades';
import { childOf, currentTerm } from './family';

/** `?schoolYear=&term=` of a child's grades: both or neither (the current term). */
export const ChildGradesQuery = z
  .object({ schoolYear: SchoolYearLabel.optional(), term: TermCode.optional() })
  .refine((query) => (query.schoolYear === undefined) === (query.term === undefined), {
    error: 'give both schoolYear and term, or neither for the current term',
    path: ['term'],
  });

/**
 * A child's current grades in the sections of a term (the current one by default), each with
 * its explanation and the published work behind it. Only a guardian with educational rights gets
 * an answer; any other id gets the same 404 (`childOf`).
 */
export async function childGrades(
  services: Services,
  principal: Principal,
  studentId: string,
  query: { schoolYear?: string; term?: string },
) {
  const record = await childOf(services, principal, studentId);
  const student = record.data;
  const today = services.now().toISOString().slice(0, 10);
  const term =
    query.schoolYear && query.term
      ? { schoolYear: query.schoolYear, term: query.term }
      : await currentTerm(services, student.schoolId, today);
  if (!term) return { studentId, asOf: today, sections: [] };
  return gradesInTerm(services, studentId, term.schoolYear, term.term, { familyWork: true });
}

/**
 * A child's report cards: every posted mark (grading periods and finals), grouped by term and
 * grading period, with the course and the teacher's comments. Draft marks never appear.
 * Reads: one Query of the child's marks, then the sections and courses they name (batched).
 */
export async function childReportCards(services: Services, principal: Principal, studentId: string) {
  await childOf(services, principal, studentId);
  const { pk, skPrefix } = keys.marksOfStudent(studentId);
  const marks = (await services.records.queryAll(termMarkType, { index: 'gsi1', partition: pk, sortKeyPrefix: skPrefix })).filter(
    (mark) => mark.data.status === 'posted' && !mark.deletedAt,
  );
  const sections = await services.records.getMany(
    sectionType,
    [...new Set(marks.map((mark) => mark.data.sectionId))].map((sectionId) => ({ sectionId })),
  );
  const courseOfSection = new Map(sections.map((section) => [section.id, section.data.courseId]));
  const courses = await services.records.getMany(
    courseType,
    [...new Set(courseOfSection.values())].map((courseId) => ({ courseId })),
  );
  const courseById = new Map(courses.map((course) => [course.id, course.data]));
  const cards = new Map<string, { schoolYear: string; termCode: string; gradingPeriod: string; marks: unknown[] }>();
  for (const mark of marks) {
    const data = mark.data;
    const key = `${data.schoolYear}#${data.termCode}#${data.gradingPeriod}`;
    const card = cards.get(key) ?? { schoolYear: data.schoolYear, termCode: data.termCode, gradingPeriod: data.gradingPeriod, marks: [] };
    const course = courseById.get(courseOfSection.get(data.sectionId) ?? '');
    card.marks.push({
      sectionId: data.sectionId,
      courseCode: course?.code ?? '',
      courseTitle: course?.title ?? '',
      letter: data.letter,
      ...(data.percent !== undefined ? { percent: data.percent } : {}),
      final: data.final === true,
      comments: data.comments ?? [],
    });
    cards.set(key, card);
  }
  return {
    studentId,
    reportCards: [...cards.values()].sort(
      (a, b) =>
        a.schoolYear.localeCompare(b.schoolYear) || a.termCode.localeCompare(b.termCode) || a.gradingPeriod.localeCompare(b.gradingPeriod),
    ),
  };
}
