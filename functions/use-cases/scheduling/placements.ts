import { Conflict, Invalid, NotFound } from '../../../domain/errors';
import { keys, type Key } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { courseType, rosterEntryType, schoolYearType, sectionType, studentType } from '../../../domain/records/record-types';
import { exitDateOf, stintsOf } from '../../../domain/scheduling/roster-dates';
import type { AssignmentFacts, ScheduledSection } from '../../../domain/scheduling/placement';
import type { Course, OverridableRefusal, RosterEntry, Section } from '../../../domain/scheduling/schemas';
import type { Student } from '../../../domain/schemas/people';
import { sectionCapacity } from '../../../domain/scheduling/schemas';
import { slotsOf } from '../../../domain/scheduling/slots';
import { SCHEDULING_EVENTS, type ScheduledClass } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { DomainEvent } from '../../../events/catalog';
import type { RecordWrite, StoredRecord } from '../../repositories/record-store';
import type { RecordTransaction } from '../../repositories/record-transaction';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

/** A live section with its course, as the placement use cases read them. */
export interface LoadedSection {
  readonly record: StoredRecord<Section>;
  readonly section: Section;
  readonly course: Course & { readonly id: string };
}

export async function loadSection(services: Services, sectionId: string): Promise<LoadedSection> {
  const record = await services.records.get(sectionType, { sectionId });
  if (!record || record.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  const section = record.data;
  const course = await services.records.get(courseType, { courseId: section.courseId });
  if (!course) throw new NotFound(`The course of section ${sectionId} does not exist.`);
  return { record, section, course: { ...course.data, id: course.id } };
}

/** The student record, which the caller must be allowed to read (same answer as a missing one otherwise). */
export async function loadStudent(services: Services, studentId: string, principal: Principal): Promise<StoredRecord<Student>> {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'student', { studentId }, student.data);
  return student;
}

/** The first and last day of a section's term: undated roster entries count from its first day (decision 0131). */
export async function termOf(services: Services, section: Pick<Section, 'schoolId' | 'schoolYear' | 'termCode'>) {
  const year = await services.records.get(schoolYearType, { schoolId: section.schoolId, schoolYear: section.schoolYear });
  const term = year?.data.terms.find((candidate) => candidate.code === section.termCode);
  const startDate = term?.startDate ?? year?.data.startDate ?? `${section.schoolYear.slice(0, 4)}-07-01`;
  return { startDate, endDate: term?.endDate ?? year?.data.endDate ?? `${section.schoolYear.slice(5)}-06-30` };
}

/** The days a placement counts from: its first day in the section, and the term's (for an earlier stint without dates). */
export interface PlacementDates {
  readonly entryDate: string;
  readonly termStart: string;
}

/**
 * A placement's entry date: the one asked, which must fall in the section's term, else the later of
 * the term's first day and the student's first day at the school (a student enrolled mid-term is on
 * no roster before they arrive).
 */
export async function placementDates(
  services: Services,
  section: Pick<Section, 'schoolId' | 'schoolYear' | 'termCode'>,
  studentId: string,
  asked?: string,
): Promise<PlacementDates> {
  const [term, active] = await Promise.all([
    termOf(services, section),
    services.enrollments.activeEnrollment(studentId, section.schoolYear),
  ]);
  if (asked !== undefined && (asked < term.startDate || asked > term.endDate)) {
    throw new Invalid([{ field: 'entryDate', message: `must fall within the section's term (${term.startDate} to ${term.endDate})` }]);
  }
  const arrived = active?.entryDate;
  return { entryDate: asked ?? (arrived && arrived > term.startDate ? arrived : term.startDate), termStart: term.startDate };
}

/** A section's slot cells grouped by the period they are in (one student slot item per period). */
export function cellsByPeriod(section: Pick<Section, 'meetings'>): Map<string, string[]> {
  const byPeriod = new Map<string, string[]>();
  for (const meeting of section.meetings) {
    const cells = slotsOf([meeting]);
    byPeriod.set(meeting.period, [...new Set([...(byPeriod.get(meeting.period) ?? []), ...cells])].sort());
  }
  return byPeriod;
}

/** The student's live roster entries in one term: their schedule. */
export async function scheduleEntries(services: Services, studentId: string, schoolYear: string, termCode: string) {
  const entries: StoredRecord<RosterEntry>[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.query(rosterEntryType, {
      index: 'gsi1',
      partition: keys.scheduleOfStudent(studentId, schoolYear, termCode),
      sortKeyPrefix: '',
      limit: 100,
      cursor,
    });
    entries.push(...page.items.filter((entry) => !entry.deletedAt));
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

const asScheduled = (entry: StoredRecord<RosterEntry>): ScheduledSection => {
  const data = entry.data;
  return {
    id: data.sectionId,
    sectionNumber: data.sectionNumber,
    courseId: data.courseId,
    ...(data.courseCode ? { courseCode: data.courseCode } : {}),
    slots: data.cells,
  };
};

/** Everything assignmentRefusals needs, read in parallel. */
export async function assignmentFacts(services: Services, loaded: LoadedSection, studentId: string): Promise<AssignmentFacts> {
  const { record, section, course } = loaded;
  const [seats, active, current, completions] = await Promise.all([
    services.schedules.seats(record.id),
    services.enrollments.activeEnrollment(studentId, section.schoolYear),
    scheduleEntries(services, studentId, section.schoolYear, section.termCode),
    services.schedules.completions(studentId),
  ]);
  return {
    section: {
      id: record.id,
      sectionNumber: section.sectionNumber,
      courseId: section.courseId,
      courseCode: course.code,
      slots: slotsOf(section.meetings),
      schoolId: section.schoolId,
      schoolYear: section.schoolYear,
      termCode: section.termCode,
      status: section.status,
      capacity: seats?.capacity ?? sectionCapacity(section, course),
      seatsTaken: seats?.taken ?? 0,
    },
    course: { code: course.code, gradeLevels: course.gradeLevels, prerequisites: course.prerequisites, repeatable: course.repeatable },
    student: active ? { gradeLevel: active.gradeLevel, enrolledSchoolId: active.schoolId } : {},
    currentSections: current.map(asScheduled),
    completions,
  };
}

/** A class in a schedule-change event: ids and codes, no roster, no title (decision 0089). */
export function scheduledClass(loaded: LoadedSection): ScheduledClass {
  const { record, section, course } = loaded;
  return {
    sectionId: record.id,
    courseId: course.id,
    sectionNumber: section.sectionNumber,
    periods: [...new Set(section.meetings.map((meeting) => meeting.period))],
    teacherIds: section.teachers.map((teacher) => teacher.staffId),
  };
}

export function scheduleChangedEvent(
  principal: Principal,
  occurredAt: string,
  student: { id: string; schoolId: string; schoolYear: string; termCode: string },
  change: { added: ScheduledClass[]; dropped: ScheduledClass[] },
  reason?: string,
): DomainEvent {
  return buildEvent(SCHEDULING_EVENTS.studentScheduleChanged, {
    occurredAt,
    actor: { sub: principal.sub, roles: [...principal.roles] },
    ...(reason ? { reason } : {}),
    recordType: 'rosterEntry',
    ids: { studentId: student.id },
    schoolIds: [student.schoolId],
    changedFields: [],
    studentId: student.id,
    schoolId: student.schoolId,
    schoolYear: student.schoolYear,
    termCode: student.termCode,
    ...change,
  });
}

/**
 * The write that puts a student in a section: the roster entry (created, or restored after a
 * drop) with its history, a seat, the student's slot cells per period, and the enrollment check
 * (made once per transaction, however many sections it places the student in).
 */
export function placement(
  services: Services,
  loaded: LoadedSection,
  studentId: string,
  existing: StoredRecord<RosterEntry> | undefined,
  options: {
    override?: readonly OverridableRefusal[];
    placedBy: RosterEntry['placedBy'];
    event?: DomainEvent;
    /** False when the caller writes the student's slot items itself (a whole schedule at once). */
    slotItems?: boolean;
    reason?: string;
    dates: PlacementDates;
  },
): RecordWrite<RosterEntry> {
  const { record, section } = loaded;
  const byPeriod = cellsByPeriod(section);
  // A student back in a section after leaving it keeps the days of their earlier stints.
  const earlier = existing
    ? stintsOf(existing, options.dates.termStart).flatMap((stint) =>
        stint.exitDate !== undefined && stint.exitDate >= stint.entryDate ? [{ entryDate: stint.entryDate, exitDate: stint.exitDate }] : [],
      )
    : [];
  const data: RosterEntry = {
    studentId,
    sectionId: record.id,
    schoolId: section.schoolId,
    courseId: section.courseId,
    courseCode: loaded.course.code,
    schoolYear: section.schoolYear,
    termCode: section.termCode,
    sectionNumber: section.sectionNumber,
    periods: [...byPeriod.keys()],
    cells: [...byPeriod.values()].flat().sort(),
    ...(options.override?.length ? { override: [...options.override] } : {}),
    placedBy: options.placedBy,
    entryDate: options.dates.entryDate,
    ...(earlier.length > 0 ? { earlierStints: earlier } : {}),
  };
  const extra: TransactionItem[] = [
    // The section as read: a meeting change committed meanwhile moved only the students it saw (decision 0130).
    services.records.unchangedCheck(
      sectionType,
      record.ids,
      record.version,
      () => new Conflict(`Section ${section.sectionNumber} changed meanwhile (its meetings or status); try again.`),
    ),
    services.schedules.seatTaken(record.id, options.override?.includes('section-full') ?? false),
    ...(options.slotItems === false
      ? []
      : [...byPeriod.entries()].map(([period, cells]) =>
          services.schedules.periodTaken(studentId, section.schoolYear, section.termCode, period, cells, record.id),
        )),
    services.schedules.enrolledAt(studentId, section.schoolYear, section.schoolId),
  ];
  const { event } = options;
  return {
    kind: rosterEntryType,
    ids: { sectionId: record.id, studentId },
    before: existing,
    action: existing ? 'Restored' : 'Created',
    data,
    extra,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
    ...(event ? { events: () => [event] } : {}),
  };
}

/**
 * The write that takes a student out of a section: the roster entry soft-deleted with its exit date
 * (it stays on the roster of the days before, decision 0131), the seat and slot cells freed.
 */
export function removal(
  services: Services,
  entry: StoredRecord<RosterEntry>,
  options: { event?: DomainEvent; slotItems?: boolean; reason?: string; exitDate: string },
): RecordWrite<RosterEntry> {
  const data = entry.data;
  const byPeriod = new Map<string, string[]>();
  for (const cell of data.cells) {
    const period = cell.split('#').slice(2).join('#');
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), cell]);
  }
  const extra: TransactionItem[] = [
    services.schedules.seatFreed(data.sectionId),
    ...(options.slotItems === false
      ? []
      : [...byPeriod.entries()].map(([period, cells]) =>
          services.schedules.periodFreed(data.studentId, data.schoolYear, data.termCode, period, cells, data.sectionId),
        )),
  ];
  const { event } = options;
  return {
    kind: rosterEntryType,
    ids: entry.ids,
    before: entry,
    action: 'Deleted',
    data: { ...data, exitDate: options.exitDate },
    extra,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
    ...(event ? { events: () => [event] } : {}),
  };
}

/**
 * Takes a student out of all their sections of a school year (a withdrawal, a transfer to another
 * school), in the caller's transaction: each roster entry dropped with its seat, the slot items
 * deleted, and one Student Schedule Changed event per term, next to `recordKey`.
 */
export async function dropAll(
  services: Services,
  transaction: RecordTransaction,
  studentId: string,
  schoolYear: string,
  options: { principal: Principal; at: string; reason: string; recordKey: Key; exitDate: string },
): Promise<void> {
  const sectionIds = await services.schedules.sectionIdsOfStudentInYear(studentId, schoolYear);
  if (sectionIds.length === 0) return;
  const entries = (
    await services.records.getMany(
      rosterEntryType,
      sectionIds.map((sectionId) => ({ sectionId, studentId })),
    )
  ).filter((entry) => !entry.deletedAt);
  const droppedByTerm = new Map<string, { schoolId: string; classes: ScheduledClass[] }>();
  const termStarts = new Map<string, string>();
  for (const entry of entries) {
    const data = entry.data;
    const termStart = termStarts.get(data.termCode) ?? (await termOf(services, data)).startDate;
    termStarts.set(data.termCode, termStart);
    const exitDate = exitDateOf(entry, options.exitDate, termStart);
    await transaction.write(removal(services, entry, { reason: options.reason, slotItems: false, exitDate }));
    const loaded = await loadSection(services, data.sectionId).catch(() => undefined);
    const term = droppedByTerm.get(data.termCode) ?? { schoolId: data.schoolId, classes: [] };
    if (loaded) term.classes.push(scheduledClass(loaded));
    droppedByTerm.set(data.termCode, term);
  }
  for (const termCode of droppedByTerm.keys()) {
    const periods = await services.schedules.periodsOfStudent(studentId, schoolYear, termCode);
    for (const [period, held] of periods) {
      transaction.add(
        services.schedules.periodReplaced(studentId, schoolYear, termCode, period, held.sections, { cells: [], sections: [] }),
      );
    }
  }
  for (const [termCode, dropped] of droppedByTerm) {
    const event = scheduleChangedEvent(
      options.principal,
      options.at,
      { id: studentId, schoolId: dropped.schoolId, schoolYear, termCode },
      { added: [], dropped: dropped.classes },
      options.reason,
    );
    transaction.event(options.recordKey, event);
  }
}
