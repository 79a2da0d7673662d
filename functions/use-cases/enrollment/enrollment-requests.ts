import * as z from 'zod';
import { Invalid, NotFound } from '../../../domain/errors';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../../../domain/enrollment/schemas';
import type { Principal } from '../../../domain/principal';
import { studentType } from '../../../domain/records/record-types';
import { PageQuery, type PageRequest } from '../../../domain/schemas/common';
import type { EnrollmentRequestRecord } from '../../repositories/enrollment-store';
import type { Services } from '../../services';

/** A school's work list: the requests in one status, PENDING by default. */
export const RequestListQuery = PageQuery.extend({ status: z.enum(ENROLLMENT_STATUSES).default('PENDING') });

export const statusUrl = (requestId: string) => `/v1/enrollment-requests/${requestId}`;

/** A request as the API shows it: the stored request and where to follow it. */
export const requestView = (record: EnrollmentRequestRecord) => ({ ...record, statusUrl: statusUrl(record.id) });

/** The existing student a transfer or a merge names: it must exist, and the caller must be allowed to read it. */
export async function authorizeExistingStudent(services: Services, principal: Principal, studentId: string): Promise<void> {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new Invalid([{ field: 'studentId', message: 'names no student' }]);
  await services.access.authorize(principal, 'read', 'student', { studentId }, student.data);
}

/** A request the caller may read (its requester, the family, the school's staff) or resolve. */
export async function loadRequest(
  services: Services,
  requestId: string,
  principal: Principal,
  action: 'read' | 'update',
): Promise<EnrollmentRequestRecord> {
  const record = await services.enrollments.getRequest(requestId);
  if (!record) throw new NotFound(`No enrollment request ${requestId}.`);
  await services.access.authorize(
    principal,
    action,
    'enrollment',
    {},
    { schoolId: record.schoolId, requestedBy: record.requestedBy, ...(record.studentId ? { studentId: record.studentId } : {}) },
  );
  return record;
}

/** An enrollment request's status: PENDING, ENROLLED, REJECTED with reasons, or FAILED. */
export async function getEnrollmentRequest(services: Services, requestId: string, principal: Principal) {
  return requestView(await loadRequest(services, requestId, principal, 'read'));
}

/** A school's requests in one status, oldest first: the registrar's and counselor's work list. */
export async function listEnrollmentRequests(
  services: Services,
  schoolId: string,
  query: PageRequest & { readonly status: EnrollmentStatus },
  principal: Principal,
) {
  await services.access.authorize(principal, 'list', 'enrollment', { schoolId }, { schoolId });
  const page = await services.enrollments.listRequests(schoolId, query.status, query.limit, query.cursor);
  return {
    schoolId,
    status: query.status,
    items: page.items.map(requestView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** A student's school enrollments, past and present. */
export async function listEnrollments(services: Services, studentId: string, page: PageRequest, principal: Principal) {
  const student = await services.records.get(studentType, { studentId });
  if (!student) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'enrollment', { studentId }, { schoolId: String(student.data.schoolId), studentId });
  const enrollments = await services.enrollments.enrollmentsOf(studentId, page.limit, page.cursor);
  return { studentId, items: enrollments.items, ...(enrollments.nextCursor ? { nextCursor: enrollments.nextCursor } : {}) };
}
