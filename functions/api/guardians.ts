import { relationshipsFor } from '../../domain/policy';
import { studentType } from '../../domain/records/record-types';
import { apiHandler, type Operation } from '../http/api-handler';
import { listingOperation, standardOperation } from '../use-cases/records/record-lifecycle';
import { getServices } from '../services';

const allChildren = listingOperation('childrenOfGuardian');

/**
 * A guardian's children. Staff may read a guardian through one child at their school; they see
 * the links of the children at their schools only, not the family's other children.
 */
const listChildren: Operation = async (request) => {
  const response = await allChildren(request);
  const { principal } = request;
  const relationships = relationshipsFor(principal, 'guardian', 'read');
  const seesAll = relationships.has('any') || (relationships.has('self') && principal.guardianId === request.pathParameters.guardianId);
  if (seesAll) return response;
  const body = response.body as { items: { studentId: string }[]; nextCursor?: string };
  const students = await getServices().store.getMany(
    studentType,
    body.items.map((link) => ({ studentId: link.studentId })),
  );
  const visible = new Set(
    students.filter((student) => principal.schoolIds.includes(String(student.data.schoolId))).map((student) => student.id),
  );
  return { ...response, body: { ...body, items: body.items.filter((link) => visible.has(link.studentId)) } };
};

/** Guardians, name search, and each guardian's children. */
export const handler = apiHandler('guardians', (route) => standardOperation(route, { childrenOfGuardian: listChildren }));
