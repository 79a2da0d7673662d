import * as z from 'zod';
import { NotFound } from '../../../domain/errors';
import { familyWork } from '../../../domain/gradebook/family-view';
import type { StudentScore } from '../../../domain/gradebook/grade';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import {
  courseType,
  gradebookSettingsType,
  rosterEntryType,
  scoreType,
  sectionType,
  studentType,
} from '../../../domain/records/record-types';
import { SchoolYearLabel, TermCode } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';

import {
  assignmentsOf,
  authorizedSection,
  gradedAssignment,
  gradeOf,
  requiredSettings,
  rosterOf,
  scaleOf,
  scoresOfSection,
  studentScore,
  thresholdOf,
  todayOf,
} from './section-gradebook';

/** `?schoolYear=&term=` of a student's grades. */
export const StudentGradesQuery = z.object({ schoolYear: SchoolYearLabel, term: TermCode });

/**
 * The class's current grades: each student on the roster with the percent, the letter and the
 * explanation behind them. Reads: the section, its settings, assignments, roster and scores (one
 * Query each, the scores a few pages at most), in parallel.
 */
export async function sectionGrades(services: Services, sectionId: string, principal: Principal) {
  await authorizedSection(services, sectionId, principal, 'read');
  const [settingsRecord, assignments, roster, scores] = await Promise.all([
    requiredSettings(services, sectionId),
    assignmentsOf(services, sectionId),
    rosterOf(services, sectionId),
    scoresOfSection(services, sectionId),
  ]);
  const settings = settingsRecord.data;
  const live = new Set(assignments.map((record) => record.id));
  const byStudent = new Map<string, StudentScore[]>();
  for (const record of scores) {
    if (!live.has(String(record.data.assignmentId))) continue;
    byStudent.set(record.id, [...(byStudent.get(record.id) ?? []), studentScore(record.data)]);
  }
  const graded = assignments.map(gradedAssignment);
  const today = todayOf(services);
  const threshold = thresholdOf(settings);
  return {
    sectionId,
    asOf: today,
    scale: scaleOf(settings),
    lowGradeThreshold: threshold,
    students: roster.map((studentId) => {
      const grade = gradeOf(settings, graded, byStudent.get(studentId) ?? [], today);
      return { studentId, ...grade, belowThreshold: grade.percent !== null && grade.percent < threshold };
    }),
  };
}

/**
 * A student's current grades in the sections of one term: per section its settings, assignments and
 * the student's own scores (gsi1 `scoresOfStudentInSection`: one Query per section).
 */
export async function studentGrades(services: Services, studentId: string, query: unknown, principal: Principal) {
  const { schoolYear, term } = parseOrThrow(StudentGradesQuery, query);
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'studentGrades', { studentId }, student.data);
  return gradesInTerm(services, studentId, schoolYear, term);
}

/**
 * The grades behind `studentGrades`, for a caller already allowed to see them (staff through the
 * policy, a parent through the link). With `familyWork`, each section also lists its published
 * assignments as a family sees them (scored, missing, upcoming, awaiting a score).
 */
export async function gradesInTerm(
  services: Services,
  studentId: string,
  schoolYear: string,
  term: string,
  options: { readonly familyWork?: boolean } = {},
) {
  const entries = await services.records.queryAll(rosterEntryType, {
    index: 'gsi1',
    partition: keys.scheduleOfStudent(studentId, schoolYear, term),
    sortKeyPrefix: '',
    skipDeleted: true,
  });
  const today = todayOf(services);
  const sections = await Promise.all(
    entries.map(async (entry) => {
      const sectionId = entry.data.sectionId;
      const { pk, skPrefix } = keys.scoresOfStudentInSection(studentId, sectionId);
      const [section, settingsRecord, assignments, scores, course] = await Promise.all([
        services.records.get(sectionType, { sectionId }),
        services.records.get(gradebookSettingsType, { sectionId }),
        assignmentsOf(services, sectionId),
        services.records.queryAll(scoreType, { index: 'gsi1', partition: pk, sortKeyPrefix: skPrefix }),
        services.records.get(courseType, { courseId: entry.data.courseId }),
      ]);
      const base = {
        sectionId,
        courseId: entry.data.courseId,
        courseTitle: course?.data.title ?? '',
        teachers: (section?.data.teachers ?? []).map((teacher) => teacher.staffId),
      };
      if (!settingsRecord) return { ...base, gradebook: false, percent: null, letter: null };
      const settings = settingsRecord.data;
      const live = new Set(assignments.map((record) => record.id));
      const own = scores.filter((record) => live.has(record.data.assignmentId)).map((record) => studentScore(record.data));
      const graded = assignments.map(gradedAssignment);
      const grade = gradeOf(settings, graded, own, today);
      return {
        ...base,
        gradebook: true,
        ...grade,
        lowGradeThreshold: thresholdOf(settings),
        ...(options.familyWork ? { work: familyWork(graded, own, today) } : {}),
      };
    }),
  );
  return { studentId, schoolYear, termCode: term, asOf: today, sections };
}
