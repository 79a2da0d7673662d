import { CONTRACT } from '../../functions/contract';
import { ROUTES, routeKey } from '../../functions/manifest';
import { buildOpenApi } from '../../infra/ops/openapi';
import { EXAMPLE_IDS, REQUEST_EXAMPLES } from '../../infra/ops/openapi-examples';

type Operation = { requestBody?: { content: Record<string, { example?: unknown }> } };

describe('the API reference’s example request bodies', () => {
  test.each(Object.keys(REQUEST_EXAMPLES))('%s: the API accepts its example as it is', (key) => {
    const body = CONTRACT[key]?.body;
    expect(body).toBeDefined();
    const parsed = body!.safeParse(REQUEST_EXAMPLES[key]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  test('the first writes a newcomer tries each show an example in the document', () => {
    const document = buildOpenApi() as { paths: Record<string, Record<string, Operation>> };
    const shown = ROUTES.filter((route) => {
      const content = document.paths[route.path]?.[route.method.toLowerCase()]?.requestBody?.content ?? {};
      return Object.values(content).some((media) => media.example !== undefined);
    }).map(routeKey);
    expect(shown.sort()).toEqual(Object.keys(REQUEST_EXAMPLES).sort());
    for (const key of [
      'POST /v1/schools',
      'POST /v1/students',
      'POST /v1/enrollment-requests',
      'PUT /v1/sections/{sectionId}/attendance/{date}',
      'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    ])
      expect(shown).toContain(key);
  });

  test('the example student is of her grade’s age, and the ids are the story’s', () => {
    const student = REQUEST_EXAMPLES['POST /v1/students'] as { birthDate: string; gradeLevel: string; schoolId: string };
    // A third-grader is eight on the first day of school (grade + 5 years, by the usual September cut-off).
    const [year, month, day] = student.birthDate.split('-').map(Number) as [number, number, number];
    const ageOnFirstDay = 2026 - year - (month > 8 || (month === 8 && day > 24) ? 1 : 0);
    expect(ageOnFirstDay).toBe(Number(student.gradeLevel) + 5);
    expect(student.schoolId).toBe(EXAMPLE_IDS.school);
    for (const id of Object.values(EXAMPLE_IDS)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
