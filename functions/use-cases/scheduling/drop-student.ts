import { Invalid, NotFound } from '../../../domain/errors';
import { exitDateOf } from '../../../domain/scheduling/roster-dates';
import { rosterEntryType } from '../../../domain/records/record-types';
import { DropSchema } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { resultOf, type RecordResult } from '../records/record-view';
import type { WriteContext, Written } from '../write-context';
import { loadSection, removal, scheduleChangedEvent, scheduledClass, termOf } from './placements';

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
  const today = at.slice(0, 10);
  const termStart = (await termOf(services, section)).startDate;
  if (drop.exitDate !== undefined && drop.exitDate > today) {
    throw new Invalid([{ field: 'exitDate', message: `must not be after today (${today}): a drop takes the student out now` }]);
  }
  if (drop.exitDate !== undefined && drop.exitDate < (entry.data.entryDate ?? termStart)) {
    throw new Invalid([
      { field: 'exitDate', message: `must not be before the student's first day in the section (${entry.data.entryDate ?? termStart})` },
    ]);
  }
  const exitDate = exitDateOf(entry, today, termStart, drop.exitDate);
  const event = scheduleChangedEvent(
    context.principal,
    at,
    { id: studentId, schoolId: section.schoolId, schoolYear: section.schoolYear, termCode: section.termCode },
    { added: [], dropped: [scheduledClass(loaded)] },
    drop.reason,
  );
  return services.records.write(context, removal(services, entry, { reason: drop.reason, event, exitDate }), {
    at,
    result: (after) => resultOf(rosterEntryType, after),
  });
}
