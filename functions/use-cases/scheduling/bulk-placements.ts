import { DomainError, Invalid } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { rosterEntryType } from '../../../domain/records/record-types';
import { AssignmentRefused } from '../../../domain/scheduling/errors';
import { assignmentRefusals, blockingRefusals, type Refusal, type ScheduledSection } from '../../../domain/scheduling/placement';
import { exitDateOf } from '../../../domain/scheduling/roster-dates';
import { RosterAdditionSchema, TermScheduleSchema } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { ScheduledClass } from '../../../events/catalog';
import { MAX_TRANSACTION_ITEMS } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { assignStudent } from './assign-student';
import {
  assignmentFacts,
  cellsByPeriod,
  loadSection,
  loadStudent,
  placement,
  removal,
  scheduleChangedEvent,
  placementDates,
  scheduledClass,
  scheduleEntries,
  termOf,
  type LoadedSection,
} from './placements';

export interface RosterAdditionResult {
  readonly studentId: string;
  readonly status: 'placed' | 'refused' | 'failed';
  readonly refusals?: readonly Refusal[];
  readonly message?: string;
}

/**
 * Puts up to 200 students in a section, each in its own transaction (so one student's refusal
 * does not hold the others back), and answers a result per student. Retrying is safe: a student
 * already placed is refused as `already-in-section` and nothing changes.
 */
export async function addToRoster(services: Services, sectionId: string, body: unknown, context: WriteContext) {
  const addition = parseOrThrow(RosterAdditionSchema, body ?? {});
  const loaded = await loadSection(services, sectionId);
  await services.access.authorize(context.principal, 'create', 'roster', { sectionId }, loaded.record.data);
  const perStudent = { principal: context.principal, ...(context.reason ? { reason: context.reason } : {}) };
  const results: RosterAdditionResult[] = [];
  for (const studentId of addition.studentIds) {
    try {
      await assignStudent(services, sectionId, studentId, { reason: addition.reason, override: addition.override }, perStudent);
      results.push({ studentId, status: 'placed' });
    } catch (error) {
      if (error instanceof AssignmentRefused) results.push({ studentId, status: 'refused', refusals: error.refusals });
      else if (error instanceof DomainError) results.push({ studentId, status: 'failed', message: error.message });
      else throw error;
    }
  }
  const count = (status: RosterAdditionResult['status']) => results.filter((result) => result.status === status).length;
  return { sectionId, placed: count('placed'), refused: count('refused'), failed: count('failed'), results };
}

/**
 * Sets a student's whole schedule for a term in one transaction: the sections no longer named are
 * dropped, the new ones placed, and every rule is checked against the schedule as it will be.
 * Nothing changes unless all of it can.
 */
export async function replaceSchedule(
  services: Services,
  studentId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<unknown>> {
  const request = parseOrThrow(TermScheduleSchema, body ?? {});
  const student = await loadStudent(services, studentId, context.principal);
  await services.access.authorize(context.principal, 'update', 'schedule', { studentId }, student.data);
  const [current, periods] = await Promise.all([
    scheduleEntries(services, studentId, request.schoolYear, request.termCode),
    services.schedules.periodsOfStudent(studentId, request.schoolYear, request.termCode),
  ]);
  const wanted = new Set(request.sectionIds);
  const currentIds = new Set(current.map((entry) => entry.data.sectionId));
  const drops = current.filter((entry) => !wanted.has(entry.data.sectionId));
  const kept = current.filter((entry) => wanted.has(entry.data.sectionId));
  const added: LoadedSection[] = await Promise.all(
    request.sectionIds.filter((id) => !currentIds.has(id)).map((id) => loadSection(services, id)),
  );

  // Every rule, against the schedule as it will be: kept classes plus the ones placed before this one.
  const refusals: (Refusal & { sectionId: string })[] = [];
  const keptScheduled = kept.map((entry) => {
    const data = entry.data;
    return { id: data.sectionId, sectionNumber: data.sectionNumber, courseId: data.courseId, slots: data.cells };
  });
  const placed: ScheduledSection[] = [...keptScheduled];
  for (const loaded of added) {
    await services.access.authorize(context.principal, 'create', 'roster', { sectionId: loaded.record.id }, loaded.record.data);
    const wrongTerm = loaded.section.schoolYear !== request.schoolYear || loaded.section.termCode !== request.termCode;
    if (wrongTerm)
      throw new Invalid([
        { field: 'sectionIds', message: `section ${loaded.record.id} is not in ${request.schoolYear} ${request.termCode}` },
      ]);
    const facts = await assignmentFacts(services, loaded, studentId);
    const blocking = blockingRefusals(assignmentRefusals({ ...facts, currentSections: placed }), request.override);
    refusals.push(...blocking.map((refusal) => ({ ...refusal, sectionId: refusal.sectionId ?? loaded.record.id })));
    placed.push({
      id: loaded.record.id,
      sectionNumber: loaded.section.sectionNumber,
      courseId: loaded.section.courseId,
      slots: facts.section.slots,
    });
  }
  if (refusals.length > 0) throw new AssignmentRefused(refusals);

  const at = services.now().toISOString();
  const dropSections = await Promise.all(drops.map((entry) => loadSection(services, entry.data.sectionId)));
  const change = { added: added.map(scheduledClass), dropped: dropSections.map(scheduledClass) as ScheduledClass[] };
  const schoolId = student.data.schoolId;
  const event = scheduleChangedEvent(
    context.principal,
    at,
    { id: studentId, schoolId, schoolYear: request.schoolYear, termCode: request.termCode },
    change,
    request.reason,
  );
  const transaction = services.records.transaction(context, at);
  const today = at.slice(0, 10);
  for (const entry of drops) {
    const exitDate = exitDateOf(entry, today, (await termOf(services, entry.data)).startDate);
    await transaction.write(removal(services, entry, { reason: request.reason, slotItems: false, exitDate }));
  }
  const existing = await Promise.all(
    added.map((loaded) => services.records.get(rosterEntryType, { sectionId: loaded.record.id, studentId })),
  );
  for (const [index, loaded] of added.entries()) {
    await transaction.write(
      placement(services, loaded, studentId, existing[index], {
        reason: request.reason,
        override: request.override,
        placedBy: 'staff',
        slotItems: false,
        dates: await placementDates(services, loaded.section, studentId),
      }),
    );
  }
  // The student's slot items, period by period, rewritten whole (a drop and an add may share one).
  const next = new Map<string, { cells: string[]; sections: string[] }>();
  for (const section of kept.map((entry) => entry.data)) {
    for (const cell of section.cells) addCell(next, cell, section.sectionId);
  }
  for (const loaded of added)
    for (const cells of cellsByPeriod(loaded.section).values()) for (const cell of cells) addCell(next, cell, loaded.record.id);
  const touchedPeriods = new Set([
    ...drops.flatMap((entry) => entry.data.periods),
    ...added.flatMap((loaded) => [...cellsByPeriod(loaded.section).keys()]),
  ]);
  for (const period of touchedPeriods) {
    const target = next.get(period) ?? { cells: [], sections: [] };
    transaction.add(
      services.schedules.periodReplaced(studentId, request.schoolYear, request.termCode, period, periods.get(period)?.sections ?? [], {
        cells: target.cells.sort(),
        sections: [...new Set(target.sections)].sort(),
      }),
    );
  }
  if (transaction.size === 0)
    return { result: await scheduleSummary(services, studentId, request.schoolYear, request.termCode), replayed: false };
  transaction.event(keys.student(studentId), event);
  if (transaction.size + 1 > MAX_TRANSACTION_ITEMS) {
    throw new Invalid([{ field: 'sectionIds', message: 'changes too many classes at once; change the schedule in two steps' }]);
  }
  const summary = {
    studentId,
    schoolYear: request.schoolYear,
    termCode: request.termCode,
    sectionIds: request.sectionIds,
    added: change.added.length,
    dropped: change.dropped.length,
  };
  return transaction.commit(summary);
}

function addCell(map: Map<string, { cells: string[]; sections: string[] }>, cell: string, sectionId: string) {
  const period = cell.split('#').slice(2).join('#');
  const entry = map.get(period) ?? { cells: [], sections: [] };
  entry.cells.push(cell);
  entry.sections.push(sectionId);
  map.set(period, entry);
}

async function scheduleSummary(services: Services, studentId: string, schoolYear: string, termCode: string) {
  const entries = await scheduleEntries(services, studentId, schoolYear, termCode);
  return {
    studentId,
    schoolYear,
    termCode,
    sectionIds: entries.map((entry) => entry.data.sectionId),
    added: 0,
    dropped: 0,
  };
}
