/**
 * What the references of a gradebook write name in the SIS, found the way the REST reads map them
 * (view.ts): a sourcedId the district's rows gave names the record its row was realized as; any
 * other is the SIS record's own id (a record made through the API). Reads by key only.
 */
import { Invalid, NotFound } from '../../../domain/errors';
import type { CsvFile } from '../../../domain/oneroster/binding';
import type { StoredRow } from '../../../domain/oneroster/roster-rows';
import type { Principal } from '../../../domain/principal';
import { sectionType, studentType } from '../../../domain/records/record-types';
import { OneRosterRows } from '../../repositories/oneroster-rows';
import type { Services } from '../../services';
import type { WriteContext } from '../write-context';
import { readOne } from './read';

export const rowsOf = (services: Services) => new OneRosterRows(services.records, services.transactions);

/** The kept row of a file by sourcedId, whatever its status. */
export async function keptRow(services: Services, file: CsvFile, sourcedId: string): Promise<StoredRow | undefined> {
  return (await rowsOf(services).getMany(file, [sourcedId]))[0];
}

const refused = (field: string, message: string) => new Invalid([{ field, message }]);

/** The SIS section a class's sourcedId names; `field` is the reference's place in the body (for the 400). */
export async function sectionOfClass(services: Services, classSourcedId: string, field: string): Promise<string> {
  const row = await keptRow(services, 'classes', classSourcedId);
  if (row) {
    const sectionId = row.status === 'active' ? row.sis?.[0]?.ids.sectionId : undefined;
    if (!sectionId) throw refused(field, `names a class the SIS keeps as a OneRoster row only, without a gradebook ("${classSourcedId}")`);
    return sectionId;
  }
  const section = await services.records.get(sectionType, { sectionId: classSourcedId });
  if (!section || section.deletedAt) throw refused(field, `names no class ("${classSourcedId}")`);
  return section.id;
}

/** The SIS student a user's sourcedId names. */
export async function studentOfUser(services: Services, userSourcedId: string, field: string): Promise<string> {
  const row = await keptRow(services, 'users', userSourcedId);
  if (row) {
    const realization = row.status === 'active' ? row.sis?.find((one) => one.entity === 'student') : undefined;
    if (!realization?.ids.studentId) throw refused(field, `names no student of the SIS ("${userSourcedId}")`);
    return realization.ids.studentId;
  }
  const student = await services.records.get(studentType, { studentId: userSourcedId });
  if (!student || student.deletedAt) throw refused(field, `names no student ("${userSourcedId}")`);
  return student.id;
}

/**
 * The class a line item's sourcedId belongs to: its kept row's, or for a line item made in the SIS
 * (its sourcedId the assignment's id) the class the REST view serves it in.
 */
export async function placeOfLineItem(
  services: Services,
  lineItemSourcedId: string,
  field: string,
): Promise<{ sectionId: string; assignmentId: string; row?: StoredRow }> {
  const row = await keptRow(services, 'lineItems', lineItemSourcedId);
  if (row) {
    const ids = row.sis?.[0]?.ids;
    if (row.status !== 'active' || !ids?.sectionId || !ids.assignmentId)
      throw refused(field, `names a line item that is deleted or not in a class's gradebook ("${lineItemSourcedId}")`);
    return { sectionId: ids.sectionId, assignmentId: ids.assignmentId, row };
  }
  const served = await servedObject(services, 'lineItem', lineItemSourcedId);
  const classSourcedId = (served?.class as { sourcedId?: string } | undefined)?.sourcedId;
  if (!served || served.status !== 'active' || !classSourcedId) throw refused(field, `names no line item ("${lineItemSourcedId}")`);
  return { sectionId: await sectionOfClass(services, classSourcedId, field), assignmentId: lineItemSourcedId };
}

/** An object as the REST API serves it (made in the SIS, no row kept for it), or undefined. */
export async function servedObject(
  services: Services,
  kind: 'category' | 'lineItem' | 'result',
  sourcedId: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await readOne(services, kind, kind, sourcedId, undefined)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}

/**
 * Who writes: the system that holds the gradebook scopes, in every class of the district (the
 * binding grants gradebook.createput and gradebook.delete district-wide, with no finer grant), as
 * the district's own import does. Its client id stays the actor in every history item, and a
 * changed score needs no X-Change-Reason: the reason is the platform's passback. The request's
 * Idempotency-Key is left to the write's last transaction, which stores the answer (row-writes.ts).
 */
export function platformContext(context: WriteContext): WriteContext {
  const principal: Principal = { sub: context.principal.sub, roles: ['district_admin'], schoolIds: [] };
  return { principal, reason: context.reason ?? `OneRoster grade passback by ${context.principal.sub}` };
}
