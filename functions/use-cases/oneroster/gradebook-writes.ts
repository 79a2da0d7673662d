/**
 * The OneRoster 1.2 gradebook service's writes (grade passback, decision 0140): PUT creates or
 * replaces a line item or result under the sourcedId the client chose (categories:
 * category-writes.ts), DELETE marks one `tobedeleted` (gradebook-deletes.ts). Each object is kept
 * as the row the CSV binding would carry for it (decision 0105), and the SIS makes of it what an
 * import makes, through the gradebook's own use cases (assignments, score posts) with the row
 * riding in their transaction: one write holds the record, its history, the families' notices in
 * the outbox, the row and its history, or none of them.
 */
import { Invalid } from '../../../domain/errors';
import { AssignmentSchema, checkAssignment } from '../../../domain/gradebook/schemas';
import { lineItemRow, resultRow } from '../../../domain/oneroster/csv-gradebook';
import { sisIdFor } from '../../../domain/oneroster/csv-ids';
import {
  assignmentOfLineItem,
  lineItemRowOf,
  PUT_SCHEMAS,
  resultRowOf,
  scoreOfResult,
  type GradebookFile,
} from '../../../domain/oneroster/rest-writes';
import type { StoredRow } from '../../../domain/oneroster/roster-rows';
import { assignmentType, scoreType } from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { createAssignment, restoreAssignment, updateAssignment } from '../gradebook/gradebook-setup';
import { postScores } from '../gradebook/post-scores';
import type { WriteContext } from '../write-context';
import { ensureCategory, putCategory } from './category-writes';
import { answerItems, objectOf, realizedRow, sameSourcedId, sisRefusals, withRow, type PutAnswer } from './row-writes';
import { keptRow, placeOfLineItem, platformContext, sectionOfClass, studentOfUser } from './write-refs';

/** putLineItem: the row, and the class's assignment (created, or replaced) in one transaction. */
export async function putLineItem(services: Services, sourcedId: string, body: unknown, context: WriteContext): Promise<PutAnswer> {
  const parsed = parseOrThrow(PUT_SCHEMAS.lineItems, body ?? {});
  sameSourcedId('lineItems', parsed.lineItem.sourcedId, sourcedId);
  const row = lineItemRowOf(sourcedId, parsed);
  const writer = platformContext(context);
  const before = await keptRow(services, 'lineItems', sourcedId);
  const sectionId = await sectionOfClass(services, row.classSourcedId!, 'lineItem.class');
  const placed = before?.sis?.[0]?.ids;
  if (placed && placed.sectionId !== sectionId)
    throw new Invalid([{ field: 'lineItem.class', message: "is not the line item's class (a line item does not move between classes)" }]);
  // A line item made in the SIS has its assignment's id as sourcedId (sisIdFor answers a SIS id as it is).
  const assignmentId = placed?.assignmentId ?? sisIdFor('lineItem', sourcedId);
  const ids = { sectionId, assignmentId };
  const assignment = assignmentOfLineItem(row);
  const written = await sisRefusals('lineItems', async () => {
    // The assignment is checked before its category joins the class: a refused line item changes nothing.
    const checked = parseOrThrow(AssignmentSchema, assignment);
    const issues = checkAssignment(checked, { categories: [{ id: checked.categoryId, name: checked.categoryId }] });
    if (issues.length > 0) throw new Invalid(issues);
    await ensureCategory(services, writer, sectionId, row.categorySourcedId!);
    let existing = await services.records.get(assignmentType, ids);
    const created = existing === undefined;
    // A line item deleted before and PUT again comes back: restored (its scores with it), then replaced.
    if (existing?.deletedAt) {
      await restoreAssignment(services, sectionId, assignmentId, undefined, writer);
      existing = await services.records.get(assignmentType, ids);
    }
    const sis = lineItemRow(assignmentId, { ...assignment, sectionId, schoolId: '' }, (kind, id) => (kind === 'lineItem' ? sourcedId : id));
    const rowAt = realizedRow(services, writer, 'lineItems', before, { sourcedId, row, entity: assignmentType.entity, ids, sis });
    const answer = (stored: StoredRow): PutAnswer => ({ created: !before && created, object: objectOf(stored) });
    const stored = await withRow(
      services,
      before,
      rowAt,
      existing?.version ?? 0,
      async (riders) =>
        existing
          ? (await updateAssignment(services, sectionId, assignmentId, assignment, undefined, writer, riders)).result.version
          : (await createAssignment(services, sectionId, assignment, writer, assignmentId, riders)).result.version,
      answerItems(services, context, answer),
    );
    return answer(stored);
  });
  return written;
}

/** putResult: the row, and the student's score on the line item (a score post of one, with its notices) in one transaction. */
export async function putResult(services: Services, sourcedId: string, body: unknown, context: WriteContext): Promise<PutAnswer> {
  const parsed = parseOrThrow(PUT_SCHEMAS.results, body ?? {});
  sameSourcedId('results', parsed.result.sourcedId, sourcedId);
  const row = resultRowOf(sourcedId, parsed);
  const writer = platformContext(context);
  const [before, place, studentId] = await Promise.all([
    keptRow(services, 'results', sourcedId),
    placeOfLineItem(services, row.lineItemSourcedId!, 'result.lineItem'),
    studentOfUser(services, row.studentSourcedId!, 'result.student'),
  ]);
  const ids = { sectionId: place.sectionId, assignmentId: place.assignmentId, studentId };
  const placed = before?.sis?.[0]?.ids;
  if (placed && (placed.assignmentId !== ids.assignmentId || placed.studentId !== studentId))
    throw new Invalid([{ field: 'result', message: "names another line item or student than the result's (a result does not move)" }]);
  const existing = await services.records.get(scoreType, ids);
  const current = existing?.version ?? 0;
  const entry = { studentId, ...scoreOfResult(row) };
  const sis = resultRow({ ...entry, ...ids }, (kind, id) => (kind === 'lineItem' ? row.lineItemSourcedId! : id));
  const rowAt = realizedRow(services, writer, 'results', before, { sourcedId, row, entity: scoreType.entity, ids, sis });
  const answer = (stored: StoredRow): PutAnswer => ({ created: !before && !existing, object: objectOf(stored) });
  const stored = await sisRefusals('results', () =>
    withRow(
      services,
      before,
      rowAt,
      current,
      async (riders) => {
        const posted = await postScores(services, ids.sectionId, ids.assignmentId, { scores: [entry] }, writer, riders);
        return posted.result.added + posted.result.corrected > 0 ? current + 1 : current;
      },
      answerItems(services, context, answer),
    ),
  );
  return answer(stored);
}

/** The PUT of each file of the gradebook service. */
export const PUTS: Readonly<Record<GradebookFile, typeof putLineItem>> = {
  categories: putCategory,
  lineItems: putLineItem,
  results: putResult,
};
