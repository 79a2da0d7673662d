import { relationshipsFor } from '../../../domain/policy';
import type { Principal } from '../../../domain/principal';
import { studentType } from '../../../domain/records/record-types';
import type { PageRequest } from '../../../domain/schemas/common';
import type { Services } from '../../services';
import { listRecords } from '../records/list-records';

/**
 * A guardian's children (their links). Staff may read a guardian through one child at their
 * school; they see the links of the children at their schools only, not the family's others.
 */
export async function childrenOfGuardian(services: Services, guardianId: string, page: PageRequest, principal: Principal) {
  const links = await listRecords(services, 'childrenOfGuardian', { guardianId }, page, principal, {
    resource: 'guardian',
    action: 'read',
  });
  const relationships = relationshipsFor(principal, 'guardian', 'read');
  const seesAll = relationships.has('any') || (relationships.has('self') && principal.guardianId === guardianId);
  if (seesAll) return links;
  const students = await services.records.getMany(
    studentType,
    links.items.map((link) => ({ studentId: String(link.studentId) })),
  );
  const visible = new Set(
    students.filter((student) => principal.schoolIds.includes(String(student.data.schoolId))).map((student) => student.id),
  );
  return { ...links, items: links.items.filter((link) => visible.has(String(link.studentId))) };
}
