/** Set-up steps the e2e tests share, made through the API as a district's staff would. */
import { newEnrollmentBody } from './fixtures';
import type { TestSystem } from './runtime';

/**
 * A new ninth grader of `schoolId`, enrolled online by `admin` and settled by the processor, and
 * the first guardian of the request.
 */
export async function enrolledNinthGrader(
  system: TestSystem,
  admin: string,
  schoolId: string,
): Promise<{ studentId: string; guardianId: string }> {
  const accepted = await system.api.call('POST', '/v1/enrollment-requests', {
    token: admin,
    body: newEnrollmentBody(schoolId, { gradeLevel: '09' }),
  });
  await system.runtime.idle();
  const studentId = (await system.api.call('GET', accepted.body.statusUrl, { token: admin })).body.studentId as string;
  const guardians = await system.api.call('GET', `/v1/students/${studentId}/guardians`, { token: admin });
  return { studentId, guardianId: guardians.body.items[0].guardianId as string };
}

/**
 * A Biology course for grade 9 (course code `code`) with one section, 01 of term S1 in period P1
 * on `days`, taught by `staffId`; the section's answer.
 */
export async function biologySection(
  system: TestSystem,
  admin: string,
  schoolId: string,
  staffId: string,
  { code = 'BIO', days }: { code?: string; days: readonly string[] },
) {
  const course = await system.api.call('POST', `/v1/schools/${schoolId}/courses`, {
    token: admin,
    body: { code, title: 'Biology', subject: 'science', gradeLevels: ['09'], credits: 1 },
  });
  return system.api.call('POST', `/v1/schools/${schoolId}/sections`, {
    token: admin,
    body: {
      courseId: course.body.id,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '01',
      meetings: [{ period: 'P1', days }],
      teachers: [{ staffId, role: 'primary' }],
    },
  });
}
