import type { Principal } from '../../../domain/principal';
import type { Services } from '../../../functions/services';
import { createAssignment, putGradebookSettings } from '../../../functions/use-cases/gradebook/gradebook-setup';
import { postScores } from '../../../functions/use-cases/gradebook/post-scores';
import { as, by } from '../../support/principals';
import { seedCourse, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents } from '../../support/seed';

/** Homework 40 %, tests 60 %, missing work counted as zero. */
export const WEIGHTED = {
  mode: 'weighted',
  categories: [
    { id: 'hw', name: 'Homework', weight: 40 },
    { id: 'tests', name: 'Tests', weight: 60 },
  ],
  missingCountsAsZero: true,
};

/** A published assignment of Algebra I (Homework 1 unless told). */
export const assignment = (overrides: Record<string, unknown> = {}) => ({
  title: 'Homework 1',
  categoryId: 'hw',
  assignedDate: '2026-09-01',
  dueDate: '2026-09-08',
  maxPoints: 10,
  published: true,
  ...overrides,
});

export interface AlgebraClass {
  readonly schoolId: string;
  readonly sectionId: string;
  readonly courseId: string;
  readonly students: readonly [string, string, string];
  readonly teacherId: string;
  readonly teacher: Principal;
  readonly otherTeacher: Principal;
  readonly counselor: Principal;
  readonly office: Principal;
}

/** Lincoln High's Algebra I (P3, MWF, term S1): three ninth graders, their teacher, and a teacher of another class. */
export async function algebraClass(services: Services): Promise<AlgebraClass> {
  const schoolId = await seedHighSchool(services, 'Lincoln High', { gradeLevels: ['09'] });
  const students = (await seedStudents(services, schoolId, 3)) as [string, string, string];
  const teacherId = await seedStaff(services, [schoolId]);
  const otherId = await seedStaff(services, [schoolId], { name: { first: 'Other', last: 'Teacher' } });
  const courseId = await seedCourse(services, schoolId, 'ALG1', { title: 'Algebra I', subject: 'math' });
  const sectionId = await seedSection(services, schoolId, courseId, {
    period: 'P3',
    meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
    teachers: [{ staffId: teacherId, role: 'primary' }],
  });
  await seedRoster(services, sectionId, students);
  return {
    schoolId,
    sectionId,
    courseId,
    students,
    teacherId,
    teacher: as.teacher(teacherId, schoolId),
    otherTeacher: as.teacher(otherId, schoolId),
    counselor: as.counselor(schoolId),
    office: as.schoolAdmin(schoolId),
  };
}

/**
 * The class's gradebook as its teacher left it: weighted settings, Homework 1 (ana 9, ben missing,
 * cy 10 of 10) and Unit test 1 (ana 88, ben 50, cy 95 of 100): ana 88.8 % (B+), ben 30 % (F), cy 97 % (A+).
 */
export async function gradedAlgebraClass(services: Services): Promise<AlgebraClass & { homework: string; unitTest: string }> {
  const algebra = await algebraClass(services);
  const { sectionId, teacher, students } = algebra;
  const [ana, ben, cy] = students;
  await putGradebookSettings(services, sectionId, WEIGHTED, undefined, by(teacher));
  const homework = (await createAssignment(services, sectionId, assignment(), by(teacher))).result.assignmentId as string;
  const unitTest = (
    await createAssignment(
      services,
      sectionId,
      assignment({ title: 'Unit test 1', categoryId: 'tests', dueDate: '2026-09-18', maxPoints: 100 }),
      by(teacher),
    )
  ).result.assignmentId as string;
  await createAssignment(services, sectionId, assignment({ title: 'Draft', published: false }), by(teacher));
  const scores = (entries: unknown[]) => ({ scores: entries });
  await postScores(
    services,
    sectionId,
    homework,
    scores([
      { studentId: ana, points: 9 },
      { studentId: ben, status: 'missing' },
      { studentId: cy, points: 10 },
    ]),
    by(teacher),
  );
  await postScores(
    services,
    sectionId,
    unitTest,
    scores([
      { studentId: ana, points: 88 },
      { studentId: ben, points: 50 },
      { studentId: cy, points: 95 },
    ]),
    by(teacher),
  );
  return { ...algebra, homework, unitTest };
}
