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
 * The gradebook's writes, made inert: a PUT whose body the binding refuses (400) and a DELETE of a
 * sourcedId nothing has (404), each answered only after the caller's scopes let it in.
 */
const NOTHING = 'matrix-no-such-object';
const writeRow = (method: string, path: string): Row => ({
  subject: 'district',
  request: () => ({ path: path.replace('{sourcedId}', NOTHING), ...(method === 'PUT' ? { body: {} } : {}) }),
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
