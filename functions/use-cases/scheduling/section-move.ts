import { keys } from '../../../domain/keys';
import { rosterEntryType, studentType } from '../../../domain/records/record-types';
import { SectionMoveRefused, type DoubleBooked } from '../../../domain/scheduling/errors';
import type { RosterEntry, Section } from '../../../domain/scheduling/schemas';
import { overlapsOf, sharedSlots, slotsOf } from '../../../domain/scheduling/slots';
import type { Seats } from '../../repositories/schedule-store';
import type { PreparedWrite, RecordWrite, StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS, type TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { lifecycleWrite } from '../records/record-view';
import type { WriteContext, Written } from '../write-context';
import { scheduleEntries } from './placements';

/**
 * A section's meeting change moves its students with it (decision 0130). Each rostered student's
 * periods are re-checked against their other classes before anything is written: a student the
 * new meetings would double-book refuses the change (409 naming them). Otherwise every student's
 * slot items and roster entry follow the section in the section's own transaction, conditioned on
 * what was read (slot items as read, roster entries at their version, the seat counter's count of
 * placements and drops), so a placement or drop made meanwhile fails the change instead of
 * slipping past it.
 *
 * A roster too large for one transaction (DynamoDB's 100 items) moves in three steps that never
 * leave a student holding fewer cells than their section meets in: every student first holds the
 * old and the new cells (a roster entry always lists exactly the cells its student holds for the
 * section), then the section changes, then every student keeps only the new cells. A step that
 * fails is undone from fresh reads; a crash between steps leaves students holding both (refusing,
 * never double-booking), which the section's next change settles.
 */

/** What a student holds in one period of a term: slot cells and the sections holding them. */
interface HeldPeriod {
  readonly cells: readonly string[];
  readonly sections: readonly string[];
}

/** One rostered student as read for a move: their roster entry, their other classes of the term, their slot items. */
interface StudentRead {
  readonly entry: StoredRecord<RosterEntry>;
  readonly others: readonly StoredRecord<RosterEntry>[];
  readonly periods: ReadonlyMap<string, HeldPeriod>;
}

/** A section change that moves students: the seat counter as read before the roster, the new cells, the students to move. */
export interface SectionMove {
  readonly seats: Partial<Seats>;
  readonly cells: readonly string[];
  readonly students: readonly StudentRead[];
}

/** The period of a slot cell (`MON#A#P3` is in `P3`). */
const periodOf = (cell: string) => cell.split('#').slice(2).join('#');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();

/** Runs `load` over `inputs`, a few at a time (a roster can be 200 students). */
async function pooled<K, T>(inputs: readonly K[], load: (input: K) => Promise<T>, concurrency = 8): Promise<T[]> {
  const results: T[] = new Array<T>(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < inputs.length; index = next++) results[index] = await load(inputs[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return results;
}

async function liveRoster(services: Services, sectionId: string): Promise<StoredRecord<RosterEntry>[]> {
  const { pk, skPrefix } = keys.rosterOfSection(sectionId);
  return services.records.queryAll(rosterEntryType, { partition: pk, sortKeyPrefix: skPrefix, skipDeleted: true, consistent: true });
}

async function readStudent(services: Services, entry: StoredRecord<RosterEntry>): Promise<StudentRead> {
  const { studentId, schoolYear, termCode, sectionId } = entry.data;
  const [schedule, periods] = await Promise.all([
    scheduleEntries(services, studentId, schoolYear, termCode),
    services.schedules.periodsOfStudent(studentId, schoolYear, termCode),
  ]);
  return { entry, others: schedule.filter((other) => other.data.sectionId !== sectionId), periods };
}

/** The students whose roster entry does not list exactly `cells`, read afresh. */
async function studentsToMove(services: Services, sectionId: string, cells: readonly string[]): Promise<StudentRead[]> {
  const roster = await liveRoster(services, sectionId);
  return pooled(
    roster.filter((entry) => !sameSet(entry.data.cells, cells)),
    (entry) => readStudent(services, entry),
  );
}

async function doubleBooked(services: Services, students: readonly StudentRead[], cells: readonly string[]): Promise<DoubleBooked[]> {
  const found = students.flatMap((student) => {
    const conflicts = student.others.flatMap((other) => {
      const slots = sharedSlots(cells, other.data.cells);
      if (slots.length === 0) return [];
      const { sectionId, sectionNumber, courseCode } = other.data;
      return [{ sectionId, sectionNumber, ...(courseCode ? { courseCode } : {}), overlaps: overlapsOf(slots) }];
    });
    return conflicts.length > 0 ? [{ studentId: student.entry.data.studentId, conflicts }] : [];
  });
  const records = await services.records.getMany(
    studentType,
    found.map(({ studentId }) => ({ studentId })),
  );
  const names = new Map(
    records.map((record) => {
      const { legalName, preferredName } = record.data;
      return [record.id, `${preferredName?.first ?? legalName.first} ${legalName.last}`];
    }),
  );
  return found.map((student) => ({ ...student, name: names.get(student.studentId) ?? student.studentId }));
}

/**
 * What a change of a live section does to its students: nothing (no student, or every roster entry
 * already lists the section's cells), or a move; refused when a student would be double-booked.
 */
export async function planSectionMove(services: Services, before: StoredRecord<Section>, after: Section): Promise<SectionMove | undefined> {
  if (before.deletedAt || after.status === 'cancelled') return undefined;
  const cells = slotsOf(after.meetings);
  const cellsChanged = !sameSet(cells, slotsOf(before.data.meetings));
  // The counter first, the roster second: a placement between the two fails the change's condition on the counter.
  const seats: Partial<Seats> = (await services.schedules.seats(before.id)) ?? {};
  if (!seats.taken) return cellsChanged ? { seats, cells, students: [] } : undefined;
  const students = await studentsToMove(services, before.id, cells);
  if (!cellsChanged && students.length === 0) return undefined;
  const refused = await doubleBooked(services, students, cells);
  if (refused.length > 0) throw new SectionMoveRefused(refused);
  return { seats, cells, students };
}

/** A student's slot items and roster entry once they hold `cells` for the section (only the items that change). */
function studentChange(
  services: Services,
  student: StudentRead,
  section: Pick<Section, 'sectionNumber'>,
  cells: readonly string[],
  reason: string,
): { write: RecordWrite<RosterEntry>; items: TransactionItem[] } {
  const { studentId, sectionId, schoolYear, termCode } = student.entry.data;
  const next = new Map<string, { cells: Set<string>; sections: Set<string> }>();
  const hold = (cell: string, holder: string) => {
    const period = next.get(periodOf(cell)) ?? { cells: new Set<string>(), sections: new Set<string>() };
    period.cells.add(cell);
    period.sections.add(holder);
    next.set(periodOf(cell), period);
  };
  student.others.forEach((other) => other.data.cells.forEach((cell) => hold(cell, other.data.sectionId)));
  cells.forEach((cell) => hold(cell, sectionId));
  const items = [...new Set([...student.periods.keys(), ...next.keys()])].flatMap((period) => {
    const read = student.periods.get(period);
    const wanted = next.get(period);
    const target = { cells: [...(wanted?.cells ?? [])].sort(), sections: [...(wanted?.sections ?? [])].sort() };
    if (read ? sameSet(read.cells, target.cells) && sameSet(read.sections, target.sections) : target.cells.length === 0) return [];
    return [services.schedules.periodRewritten(studentId, schoolYear, termCode, period, read, target)];
  });
  const sorted = [...cells].sort();
  const data: RosterEntry = {
    ...student.entry.data,
    sectionNumber: section.sectionNumber,
    periods: [...new Set(sorted.map(periodOf))],
    cells: sorted,
  };
  return { write: { kind: rosterEntryType, ids: student.entry.ids, before: student.entry, data, reason }, items };
}

const MOVE_REASON = "The section's meetings changed";

/** Writes students' changes in as few transactions as fit (each transaction all or nothing). */
async function sendChanges(
  services: Services,
  context: WriteContext,
  at: string,
  changes: readonly { write: RecordWrite<RosterEntry>; items: TransactionItem[] }[],
): Promise<void> {
  let transaction = services.records.transaction(context, at);
  for (const change of changes) {
    const prepared = await transaction.prepare(change.write);
    const size = transaction.sizeWith(prepared) + change.items.length;
    if (size > MAX_TRANSACTION_ITEMS && transaction.size > 0) {
      await transaction.send();
      transaction = services.records.transaction(context, at);
    }
    transaction.include(prepared);
    transaction.add(...change.items);
  }
  await transaction.send();
}

/** Makes every live student of the section hold exactly `cells`, from fresh reads; one student at a time when a batch is in the way. */
async function settle(
  services: Services,
  context: WriteContext,
  at: string,
  section: Section,
  sectionId: string,
  cells: readonly string[],
) {
  const change = (student: StudentRead) => studentChange(services, student, section, cells, MOVE_REASON);
  try {
    await sendChanges(services, context, at, (await studentsToMove(services, sectionId, cells)).map(change));
  } catch {
    for (const student of await studentsToMove(services, sectionId, cells)) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const fresh = await readStudent(services, (await services.records.get(rosterEntryType, student.entry.ids)) ?? student.entry);
        if (fresh.entry.deletedAt || sameSet(fresh.entry.data.cells, cells)) break;
        const ok = await sendChanges(services, context, at, [change(fresh)]).then(
          () => true,
          () => false,
        );
        if (ok) break;
      }
    }
  }
}

/**
 * Commits a change of a section (PATCH, restore) with its students moved along (see above), and
 * answers `result` of the section's new version.
 */
export async function commitSectionChange<R>(
  services: Services,
  context: WriteContext,
  write: RecordWrite<Section>,
  result: (record: StoredRecord<Section>) => R,
): Promise<Written<R>> {
  const at = services.now().toISOString();
  const before = write.before;
  const after = write.data ?? before?.data;
  const move = before && after && write.action !== 'Deleted' ? await planSectionMove(services, before, after) : undefined;
  const lifecycle = await lifecycleWrite(services, context, write, move ? { rosterRead: move.seats } : {});
  const single = services.records.transaction(context, at);
  const prepared: PreparedWrite<Section> = await single.prepare(lifecycle);
  const record = single.include(prepared);
  if (!move || move.students.length === 0) return single.commit(result(record));

  const section = record.data;
  const changes = move.students.map((student) => studentChange(services, student, section, move.cells, MOVE_REASON));
  for (const change of changes) {
    await single.write(change.write);
    single.add(...change.items);
  }
  // One transaction when it fits (the idempotency record takes one more item).
  if (single.size < MAX_TRANSACTION_ITEMS) return single.commit(result(record));

  const oldCells = slotsOf(before!.data.meetings);
  const undo = () => settle(services, context, at, before!.data, record.id, oldCells);
  try {
    const both = move.students.map((student) =>
      studentChange(services, student, before!.data, union(student.entry.data.cells, move.cells), MOVE_REASON),
    );
    await sendChanges(services, context, at, both);
  } catch (error) {
    await undo();
    // A student placed meanwhile in the way is named like one found before.
    await planSectionMove(services, before!, section);
    throw error;
  }
  const main = services.records.transaction(context, at);
  main.include(prepared);
  let written: Written<R>;
  try {
    written = await main.commit(result(record));
  } catch (error) {
    await undo();
    throw error;
  }
  await settle(services, context, at, section, record.id, move.cells);
  return written;
}
