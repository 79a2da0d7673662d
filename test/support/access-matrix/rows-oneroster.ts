import { ONEROSTER_ROUTES } from '../../../functions/routes/oneroster';
import { ONEROSTER_WRITE_ROUTES } from '../../../functions/routes/oneroster-writes';
import type { MatrixDistrict } from './district';
import type { Row } from './row';

/**
 * The OneRoster routes read the district with client-credentials scopes, not a person's role: no
 * record relationship decides them. Each path names the seeded records where the binding's id is
 * the SIS id (schools, classes, courses, students, teachers); a composite sourcedId (a term, a
 * line item's results) that the row does not build answers the binding's 404 `unknownobject` to
 * a caller the scopes let in, which still proves the scope check passed.
 */
const IDS: Record<string, (d: MatrixDistrict) => string> = {
  schoolSourcedId: (d) => d.schoolId,
  classSourcedId: (d) => d.sectionId,
  studentSourcedId: (d) => d.studentId,
  teacherSourcedId: (d) => d.teacherId,
  courseSourcedId: (d) => d.courseId,
  termSourcedId: (d) => `${d.schoolId}.${d.schoolYear}.term.S1`,
  lineItemSourcedId: (d) => d.assignmentId,
  sourcedId: (d) => d.schoolId,
};

const fill = (path: string, d: MatrixDistrict) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = IDS[name];
    if (!id) throw new Error(`the OneRoster rows have no id for {${name}} in ${path}`);
    return encodeURIComponent(id(d));
  });

/**
 * The gradebook's writes, made inert: a PUT of a valid object whose body names another sourcedId
 * than its path (400 before anything is read or written) and a DELETE of a sourcedId nothing has
 * (404), each answered only after the caller's scopes let it in.
 */
const NOTHING = 'matrix-no-such-object';
const ref = (sourcedId: string) => ({ sourcedId });
const BODIES: Record<string, (d: MatrixDistrict) => unknown> = {
  categories: () => ({ category: { sourcedId: 'another', title: 'Quizzes' } }),
  lineItems: (d) => ({
    lineItem: {
      sourcedId: 'another',
      title: 'Quiz',
      assignDate: '2026-09-01T00:00:00Z',
      dueDate: '2026-09-02T00:00:00Z',
      class: ref(d.sectionId),
      category: ref(`${d.sectionId}.hw`),
      resultValueMax: 10,
    },
  }),
  results: (d) => ({
    result: { sourcedId: 'another', lineItem: ref(d.assignmentId), student: ref(d.studentId), scoreStatus: 'fully graded' },
  }),
};
const writeRow = (method: string, path: string): Row => ({
  subject: 'district',
  request: (d) => ({
    path: path.replace('{sourcedId}', NOTHING),
    ...(method === 'PUT' ? { body: BODIES[path.split('/').at(-2)!]!(d) } : {}),
  }),
  allowed: method === 'PUT' ? [400] : [404],
});

export const ONEROSTER_ROWS: Record<string, Row> = {
  ...Object.fromEntries(
    ONEROSTER_ROUTES.map((route) => [
      `GET ${route.path}`,
      { subject: 'district', request: (d: MatrixDistrict) => ({ path: fill(route.path, d) }), allowed: [200, 404] } satisfies Row,
    ]),
  ),
  ...Object.fromEntries(ONEROSTER_WRITE_ROUTES.map((route) => [`${route.method} ${route.path}`, writeRow(route.method, route.path)])),
};
