import { AssignmentRefused } from '../../../domain/scheduling/errors';
import { assignmentRefusals, blockingRefusals } from '../../../domain/scheduling/placement';
import { AssignmentSchema } from '../../../domain/scheduling/schemas';
import { rosterEntryType } from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { resultOf, type RecordResult } from '../records/record-view';
import type { WriteContext, Written } from '../write-context';
import { assignmentFacts, loadSection, loadStudent, placement, placementDates, scheduleChangedEvent, scheduledClass } from './placements';

/**
 * Puts a student in a section. Every rule is checked first, so a refusal names what is in the way
 * (409 with `refusals`); the transaction then holds the ones a concurrent writer could break with
 * DynamoDB conditions: the seat counter against the capacity, the student's slot cells, the
 * roster entry itself, and the student's active enrollment at the school.
 */
export async function assignStudent(
  services: Services,
  sectionId: string,
  studentId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const assignment = parseOrThrow(AssignmentSchema, body ?? {});
  const loaded = await loadSection(services, sectionId);
  await services.access.authorize(context.principal, 'create', 'roster', { sectionId }, loaded.record.data);
  await loadStudent(services, studentId, context.principal);
  const [facts, existing, dates] = await Promise.all([
    assignmentFacts(services, loaded, studentId),
    services.records.get(rosterEntryType, { sectionId, studentId }),
    placementDates(services, loaded.section, studentId, assignment.entryDate),
  ]);
  const blocking = blockingRefusals(assignmentRefusals(facts), assignment.override);
  if (blocking.length > 0) throw new AssignmentRefused(blocking);

  const at = services.now().toISOString();
  const { section } = loaded;
  const event = scheduleChangedEvent(
    context.principal,
    at,
    { id: studentId, schoolId: section.schoolId, schoolYear: section.schoolYear, termCode: section.termCode },
    { added: [scheduledClass(loaded)], dropped: [] },
    assignment.reason ?? context.reason,
  );
  const write = placement(services, loaded, studentId, existing, {
    reason: assignment.reason ?? context.reason,
    override: assignment.override,
    placedBy: 'staff',
    event,
    dates,
  });
  return services.records.write(context, write, { at, result: (entry) => resultOf(rosterEntryType, entry) });
}
