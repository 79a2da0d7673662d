import type { Principal } from '../../../domain/principal';
import type { PageRequest } from '../../../domain/schemas/common';
import type { AccessLogEntry } from '../../repositories/access-log-store';
import type { Page } from '../../repositories/query';
import type { Services } from '../../services';
import { childOf } from '../family/family';
import { schoolOfStudent } from './read-confidential';

/** A student's record of access, newest first: the school's administrators. */
export async function studentAccessLog(
  services: Services,
  studentId: string,
  page: PageRequest,
  principal: Principal,
): Promise<Page<AccessLogEntry>> {
  const schoolId = await schoolOfStudent(services, studentId);
  await services.access.authorize(principal, 'list', 'accessLog', { studentId }, { schoolId });
  return services.accessLog.ofStudent(studentId, page.limit, page.cursor);
}

/** A child's record of access, for a guardian with educational rights (their right under FERPA). */
export async function childAccessLog(
  services: Services,
  principal: Principal,
  studentId: string,
  page: PageRequest,
): Promise<Page<AccessLogEntry>> {
  await childOf(services, principal, studentId);
  return services.accessLog.ofStudent(studentId, page.limit, page.cursor);
}
