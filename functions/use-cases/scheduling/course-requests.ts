import { Invalid } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { courseRequestsType, courseType } from '../../../domain/records/record-types';
import type { PageRequest } from '../../../domain/schemas/common';
import { checkCourseRequest, CourseRequestSchema } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { commitChange, view, type RecordResult } from '../records/record-view';
import type { WriteContext, Written } from '../write-context';
import { loadStudent } from './placements';

/**
 * Sets a student's course requests for a term (the scheduler places them): every course named,
 * requested or alternate, must be an active course of the student's school. A second submission
 * for the term replaces the first, keeping it in the history.
 */
export async function submitCourseRequests(
  services: Services,
  studentId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const requests = parseOrThrow(CourseRequestSchema, body ?? {});
  const issues = checkCourseRequest(requests);
  if (issues.length > 0) throw new Invalid(issues);
  const student = await loadStudent(services, studentId, context.principal);
  const schoolId = student.data.schoolId;
  await services.access.authorize(context.principal, 'create', 'courseRequest', { studentId }, { schoolId });
  const named = requests.requests.flatMap((item, index) => [
    { courseId: item.courseId, field: `requests[${index}].courseId` },
    ...item.alternates.map((courseId, position) => ({ courseId, field: `requests[${index}].alternates[${position}]` })),
  ]);
  const courses = new Map(
    (
      await services.records.getMany(
        courseType,
        [...new Set(named.map((entry) => entry.courseId))].map((courseId) => ({ courseId })),
      )
    ).map((course) => [course.id, course]),
  );
  const wrong = named.flatMap(({ courseId, field }) => {
    const course = courses.get(courseId);
    if (!course || course.deletedAt) return [{ field, message: 'names no course' }];
    const data = course.data;
    if (data.schoolId !== schoolId) return [{ field, message: "names a course of another school than the student's" }];
    if (data.status !== 'active') return [{ field, message: `names the retired course ${data.code}` }];
    return [];
  });
  if (wrong.length > 0) throw new Invalid(wrong);

  const ids = { studentId, schoolYear: requests.schoolYear, termCode: requests.termCode };
  const before = await services.records.get(courseRequestsType, ids);
  const data = { ...requests, schoolId };
  // A second submission replaces the first (a deleted one is brought back with the new requests).
  return commitChange(services, context, {
    kind: courseRequestsType,
    ids,
    before,
    action: before ? (before.deletedAt ? 'Restored' : 'Updated') : 'Created',
    data,
  });
}

/** A student's course requests, term by term. */
export async function listCourseRequests(services: Services, studentId: string, page: PageRequest, principal: Principal) {
  const student = await loadStudent(services, studentId, principal);
  await services.access.authorize(principal, 'list', 'courseRequest', { studentId }, student.data);
  const { pk, skPrefix } = keys.courseRequestsOfStudent(studentId);
  const found = await services.records.query(courseRequestsType, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    limit: page.limit,
    cursor: page.cursor,
    skipDeleted: true,
  });
  return {
    studentId,
    items: found.items.map((record) => view(courseRequestsType, record)),
    ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
  };
}
