/**
 * The gradebook service's DELETEs (decision 0140): the object is marked `tobedeleted` and stays
 * readable so (a delta sync sees it go), and the SIS record is taken out of the grade the way the
 * gradebook's own routes do it: a line item's assignment is deleted (soft, restorable, its scores
 * kept and out of the grade), a result's score is cleared (its history keeps every version). A
 * category stays in its classes' gradebooks, where their assignments are: only the teacher
 * regroups them. A DELETE of what is already deleted changes nothing and answers the same.
 */
import { NotFound } from '../../../domain/errors';
import type { CsvFile } from '../../../domain/oneroster/binding';
import {
  ENVELOPE_OF,
  PUT_SCHEMAS,
  categoryRowOf,
  lineItemRowOf,
  resultRowOf,
  type GradebookFile,
} from '../../../domain/oneroster/rest-writes';
import type { StoredRow } from '../../../domain/oneroster/roster-rows';
import { assignmentType, scoreType } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import { deleteAssignment } from '../gradebook/gradebook-setup';
import { postScores } from '../gradebook/post-scores';
import type { WriteContext } from '../write-context';
import { answerItems, nextRow, withRow, writeRow } from './row-writes';
import { keptRow, placeOfLineItem, platformContext, sectionOfClass, servedObject, studentOfUser } from './write-refs';

const ROW_OF = { categories: categoryRowOf, lineItems: lineItemRowOf, results: resultRowOf } as const;

/** The row of an object made in the SIS (no row kept for it), from the object as served; undefined when nothing has that sourcedId. */
async function servedRow(services: Services, file: GradebookFile, sourcedId: string): Promise<StoredRow | undefined> {
  const kind = ENVELOPE_OF[file];
  const served = await servedObject(services, kind, sourcedId);
  if (!served) return undefined;
  const parsed = PUT_SCHEMAS[file].parse({ [kind]: served }) as never;
  const row = ROW_OF[file](sourcedId, parsed);
  const realization = await nativeRealization(services, file, sourcedId, row);
  const at = String(served.dateLastModified);
  return {
    file: file as CsvFile,
    sourcedId,
    version: 0,
    status: served.status === 'tobedeleted' ? 'tobedeleted' : 'active',
    row,
    createdAt: at,
    updatedAt: at,
    updatedBy: '',
    ...(realization ? { sis: [realization] } : {}),
  };
}

async function nativeRealization(services: Services, file: GradebookFile, sourcedId: string, row: Record<string, string>) {
  if (file === 'lineItems') {
    const sectionId = await sectionOfClass(services, row.classSourcedId!, 'lineItem.class');
    const record = await services.records.get(assignmentType, { sectionId, assignmentId: sourcedId });
    return record && { entity: assignmentType.entity, ids: record.ids as Record<string, string>, version: record.version };
  }
  if (file === 'results') {
    const [place, studentId] = await Promise.all([
      placeOfLineItem(services, row.lineItemSourcedId!, 'result.lineItem'),
      studentOfUser(services, row.studentSourcedId!, 'result.student'),
    ]);
    const record = await services.records.get(scoreType, { sectionId: place.sectionId, assignmentId: place.assignmentId, studentId });
    return record && { entity: scoreType.entity, ids: record.ids as Record<string, string>, version: record.version };
  }
  return undefined;
}

/** DELETE of a category, line item or result by sourcedId: 404 when nothing has it. */
export async function deleteGradebookObject(
  services: Services,
  file: GradebookFile,
  sourcedId: string,
  context: WriteContext,
): Promise<void> {
  const kept = await keptRow(services, file, sourcedId);
  const before = kept ?? (await servedRow(services, file, sourcedId));
  if (!before) throw new NotFound(`No ${ENVELOPE_OF[file]} with sourcedId ${sourcedId.slice(0, 100)}.`);
  if (before.status === 'tobedeleted') return;
  const writer = platformContext(context);
  const previous = kept; // an object made in the SIS has no row to condition on: its first row is created
  const rowAt = (version: number) =>
    nextRow(services, writer, file, previous, {
      sourcedId,
      row: before.row,
      status: 'tobedeleted',
      sis: (before.sis ?? []).map((realization, index) => (index === 0 ? { ...realization, version } : realization)),
      derived: before.derived,
    });
  const answer = answerItems(services, context, () => null);
  const ids = before.sis?.[0]?.ids;
  if (file === 'lineItems' && ids) {
    const assignment = await services.records.get(assignmentType, ids);
    if (assignment && !assignment.deletedAt)
      await withRow(
        services,
        previous,
        rowAt,
        assignment.version,
        async (riders) => (await deleteAssignment(services, ids.sectionId!, ids.assignmentId!, undefined, writer, riders)).result.version,
        answer,
      );
    else await writeRow(services, previous, rowAt(assignment?.version ?? 0), answer);
  } else if (file === 'results' && ids) {
    const score = await services.records.get(scoreType, ids);
    const current = score?.version ?? 0;
    await withRow(
      services,
      previous,
      rowAt,
      current,
      async (riders) => {
        const cleared = await postScores(
          services,
          ids.sectionId!,
          ids.assignmentId!,
          { scores: [{ studentId: ids.studentId! }] },
          writer,
          riders,
        );
        return cleared.result.corrected + cleared.result.added > 0 ? current + 1 : current;
      },
      answer,
    );
  } else await writeRow(services, previous, rowAt(before.sis?.[0]?.version ?? 0), answer);
}
