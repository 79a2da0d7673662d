/** Set-up steps the e2e tests share, made through the API as a district's staff would (test/support/seed.ts makes data through the store). */
import type { TestSystem } from './runtime';

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
