import { NotFound } from '../../../domain/errors';
import { rosterEntryType } from '../../../domain/records/record-types';
import { DropSchema } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { resultOf, type RecordResult } from '../records/record-view';
import { writeOnce, type WriteContext, type Written } from '../write-context';
import { loadSection, removalItems, scheduleChangedEvent, scheduledClass } from './placements';

/** Takes a student out of a section, with the reason kept in the roster entry's history. */
export async function dropStudent(
  services: Services,
  sectionId: string,
  studentId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const loaded = await loadSection(services, sectionId);
  await services.access.authorize(context.principal, 'delete', 'roster', { sectionId }, loaded.record.data);
  const drop = parseOrThrow(DropSchema, body ?? {});
  const entry = await services.records.get(rosterEntryType, { sectionId, studentId });
  if (!entry || entry.deletedAt) throw new NotFound(`Student ${studentId} is not in section ${sectionId}.`);
  const at = services.now().toISOString();
  const { section } = loaded;
  const event = scheduleChangedEvent(
    context.principal,
    at,
    { id: studentId, schoolId: section.schoolId, schoolYear: section.schoolYear, termCode: section.termCode },
    { added: [], dropped: [scheduledClass(loaded)] },
    drop.reason,
  );
  const { items, entry: after } = removalItems(services, entry, { actor: context.principal.sub, at, reason: drop.reason, event });
  return writeOnce(context, resultOf(rosterEntryType, after), services.now(), (idempotency) =>
    services.transactions.transact([...items, ...services.transactions.idempotencyItems(idempotency)], idempotency),
  );
}
