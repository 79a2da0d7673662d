import * as z from 'zod';
import { SchoolYearLabel } from '../../../domain/schemas/common';
import { DomainError, NotFound } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import {
  courseRequestsType,
  courseType,
  rosterEntryType,
  sectionType,
  type RecordData,
  type RecordKind,
} from '../../../domain/records/record-types';
import { schedule, type SchedulerStudent, type StudentSchedule } from '../../../domain/scheduling/scheduler';
import { sectionCapacity, type Section, type StoredCourseRequest } from '../../../domain/scheduling/schemas';
import { slotsOf } from '../../../domain/scheduling/slots';
import { parseOrThrow } from '../../../domain/validation';
import type { WorkQueue } from '../../platform/sqs-queue';
import type { SchedulingRun } from '../../repositories/master-schedule-store';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { systemContext, type WriteContext, type Written } from '../write-context';
import { placement, scheduleEntries, termOf, type LoadedSection } from './placements';

export type { RunStatus, SchedulingRun } from '../../repositories/master-schedule-store';

export const SchedulingRunRequestSchema = z.strictObject({
  schoolYear: SchoolYearLabel,
  /** The same seed over the same data gives the same placements. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});

/** `?cursor=` of a run's report: the next chunk of students. */
export const SchedulingRunQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'is not a cursor this API issued' })
    .optional(),
});

/** Per-student results are stored in chunks under the run (a run record stays far below 400 KB). */
const STUDENTS_PER_CHUNK = 400;
const runUrl = (run: Pick<SchedulingRun, 'schoolId' | 'termCode' | 'runId'>) =>
  `/v1/schools/${run.schoolId}/terms/${run.termCode}/scheduling-runs/${run.runId}`;

/** Starts a run: stores it PENDING and queues it; the scheduling consumer does the work. */
export async function startSchedulingRun(
  services: Services,
  queue: WorkQueue,
  schoolId: string,
  termCode: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<SchedulingRun & { runUrl: string }>> {
  const request = parseOrThrow(SchedulingRunRequestSchema, body ?? {});
  await services.access.authorize(context.principal, 'create', 'masterSchedule', { schoolId });
  const at = services.now().toISOString();
  const run: SchedulingRun = {
    runId: newId(),
    schoolId,
    schoolYear: request.schoolYear,
    termCode,
    seed: request.seed,
    status: 'PENDING',
    createdAt: at,
    createdBy: context.principal.sub,
    updatedAt: at,
    progress: { planned: 0, written: 0, lostRace: 0 },
  };
  const written = await services.records
    .transaction(context, at)
    .add(services.masterSchedule.runStarted(run))
    .commit({ ...run, runUrl: runUrl(run) });
  if (!written.replayed) await queue.send({ runId: run.runId });
  return written;
}

/** A run's status and progress, and a page of its per-student results once it is done. */
export async function readSchedulingRun(
  services: Services,
  schoolId: string,
  runId: string,
  query: { cursor?: string },
  principal: Principal,
) {
  await services.access.authorize(principal, 'read', 'masterSchedule', { schoolId });
  const run = await services.masterSchedule.getRun(runId);
  if (!run || run.schoolId !== schoolId) throw new NotFound(`No scheduling run ${runId} at this school.`);
  const chunkIndex = query.cursor === undefined ? 0 : Number(query.cursor);
  let students: unknown[] = [];
  if (run.status === 'DONE' && Number.isInteger(chunkIndex) && chunkIndex >= 0 && chunkIndex < (run.resultChunks ?? 0)) {
    students = await services.masterSchedule.runResults(runId, chunkIndex);
  }
  const next = chunkIndex + 1 < (run.resultChunks ?? 0) ? String(chunkIndex + 1) : undefined;
  return { ...run, runUrl: runUrl(run), students, ...(next ? { nextCursor: next } : {}) };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

async function setRun(services: Services, runId: string, fields: Partial<Omit<SchedulingRun, 'runId'>>): Promise<void> {
  await services.transactions.transact([services.masterSchedule.runUpdated(runId, fields)]);
}

/**
 * Runs the scheduler: loads the term's sections, courses and course requests and each requesting
 * student's grade, schedule and completions; computes the placements with the pure scheduler;
 * then writes each one through the same invariant-holding transaction as a hand assignment, so a
 * placement that data changed under (a seat taken meanwhile) is refused and reported as
 * `lost-race`, never written over an invariant. Safe to run again: a run already DONE is not redone,
 * and a placement already there is skipped.
 */
export async function runScheduling(services: Services, runId: string): Promise<SchedulingRun> {
  const run = await services.masterSchedule.getRun(runId);
  if (!run) throw new NotFound(`No scheduling run ${runId}.`);
  if (run.status === 'DONE') return run;
  const now = () => services.now().toISOString();
  await setRun(services, runId, { status: 'RUNNING', updatedAt: now() });
  try {
    const { schoolId, schoolYear, termCode } = run;
    const liveOf = async <T extends RecordData>(kind: RecordKind<T>, partition: string): Promise<StoredRecord<T>[]> => {
      const found: StoredRecord<T>[] = [];
      let cursor: string | undefined;
      do {
        const page = await services.records.query(kind, { index: 'gsi1', partition, sortKeyPrefix: '', limit: 100, cursor });
        found.push(...page.items.filter((record) => !record.deletedAt));
        cursor = page.nextCursor;
      } while (cursor);
      return found;
    };
    const sectionRecords: StoredRecord<Section>[] = await liveOf(sectionType, keys.sectionsOfSchoolTerm(schoolId, schoolYear, termCode));
    const requests: StoredRecord<StoredCourseRequest>[] = await liveOf(
      courseRequestsType,
      keys.courseRequestsOfSchoolTerm(schoolId, schoolYear, termCode),
    );
    const sections = sectionRecords.filter((record) => record.data.status === 'active');
    const courses = await services.records.getMany(
      courseType,
      [...new Set(sections.map((record) => record.data.courseId))].map((courseId) => ({ courseId })),
    );
    const courseById = new Map(courses.map((course) => [course.id, { ...course.data, id: course.id }]));
    const seats = await services.schedules.seatsOf(sections.map((record) => record.id));
    // Placements count from the term's first day, or from a student's first day at the school when later.
    const termStart = (await termOf(services, { schoolId, schoolYear, termCode })).startDate;
    const entryDates = new Map<string, string>();
    const students = await inBatches(requests, 16, async (record): Promise<SchedulerStudent | undefined> => {
      const studentId = record.ids.studentId!;
      const requested = record.data;
      const [active, entries, completions] = await Promise.all([
        services.enrollments.activeEnrollment(studentId, schoolYear),
        scheduleEntries(services, studentId, schoolYear, termCode),
        services.schedules.completions(studentId),
      ]);
      if (!active || active.schoolId !== schoolId) return undefined;
      entryDates.set(studentId, active.entryDate > termStart ? active.entryDate : termStart);
      return {
        id: studentId,
        gradeLevel: active.gradeLevel,
        existingSections: entries.map((entry) => {
          const data = entry.data;
          return { sectionId: data.sectionId, courseId: data.courseId, slots: data.cells };
        }),
        requests: requested.requests.map((item) => ({ courseId: item.courseId, priority: item.priority, alternates: item.alternates })),
        completions: completions.map((completion) => ({ courseCode: completion.courseCode, passed: completion.passed })),
      };
    });
    const result = schedule({
      seed: run.seed,
      sections: sections.map((record) => {
        const section = record.data;
        const course = courseById.get(section.courseId);
        const counter = seats.get(record.id);
        return {
          id: record.id,
          courseId: section.courseId,
          slots: slotsOf(section.meetings),
          capacity: counter?.capacity ?? (course ? sectionCapacity(section, course) : 0),
          seatsTaken: counter?.taken ?? 0,
          status: section.status,
        };
      }),
      courses: [...courseById.values()].map((course) => ({
        id: course.id,
        code: course.code,
        gradeLevels: course.gradeLevels,
        prerequisites: course.prerequisites,
        repeatable: course.repeatable,
      })),
      students: students.filter((student): student is SchedulerStudent => student !== undefined),
    });

    // Write every new placement through the assignment's own transaction.
    const loadedById = new Map<string, LoadedSection>(
      sections.flatMap((record) => {
        const section = record.data;
        const course = courseById.get(section.courseId);
        return course ? [[record.id, { record, section, course }] as const] : [];
      }),
    );
    const planned = result.students.flatMap((student) =>
      student.placed.filter((placement) => !placement.existing).map((placement) => ({ student, placement })),
    );
    await setRun(services, runId, { progress: { planned: planned.length, written: 0, lostRace: 0 }, updatedAt: now() });
    const lost = new Map<string, Set<string>>();
    let written = 0;
    const actor = `scheduling-run:${runId}`;
    await inBatches(planned, 8, async ({ student, placement: chosen }) => {
      const loaded = loadedById.get(chosen.sectionId)!;
      try {
        const existing = await services.records.get(rosterEntryType, { sectionId: chosen.sectionId, studentId: student.studentId });
        if (existing && !existing.deletedAt) return;
        const transaction = services.records.transaction(systemContext(actor, `Scheduling run ${runId}`), now());
        await transaction.write(
          placement(services, loaded, student.studentId, existing, {
            placedBy: 'scheduler',
            dates: { entryDate: entryDates.get(student.studentId) ?? termStart, termStart },
          }),
        );
        await transaction.send();
        written += 1;
      } catch (error) {
        // A refused condition (a seat taken meanwhile, a new conflict) loses the placement; a fault is retried.
        if (!(error instanceof DomainError)) throw error;
        lost.set(student.studentId, new Set([...(lost.get(student.studentId) ?? []), chosen.sectionId]));
      }
      if ((written + [...lost.values()].reduce((sum, set) => sum + set.size, 0)) % 100 === 0) {
        await setRun(services, runId, {
          progress: { planned: planned.length, written, lostRace: [...lost.values()].reduce((sum, set) => sum + set.size, 0) },
          updatedAt: now(),
        });
      }
    });

    // The report, per student: what was placed, and why anything was not.
    const report = result.students.map((student: StudentSchedule) => {
      const lostHere = lost.get(student.studentId) ?? new Set<string>();
      return {
        studentId: student.studentId,
        placed: student.placed.filter((placement) => !lostHere.has(placement.sectionId)),
        unplaced: [
          ...student.unplaced,
          ...student.placed
            .filter((placement) => lostHere.has(placement.sectionId))
            .map((placement) => ({ courseId: placement.courseId, reason: 'lost-race' })),
        ],
      };
    });
    const chunks: (typeof report)[] = [];
    for (let start = 0; start < report.length; start += STUDENTS_PER_CHUNK) chunks.push(report.slice(start, start + STUDENTS_PER_CHUNK));
    await inBatches(
      chunks.map((chunk, index) => ({ chunk, index })),
      4,
      ({ chunk, index }) => services.transactions.transact([services.masterSchedule.runResultsSaved(runId, index, chunk)]),
    );
    const lostRace = [...lost.values()].reduce((sum, set) => sum + set.size, 0);
    const totals = {
      students: report.length,
      requested: result.totals.requested,
      placed: result.totals.placed - lostRace,
      unplaced: result.totals.unplaced + lostRace,
    };
    await setRun(services, runId, {
      status: 'DONE',
      totals,
      resultChunks: chunks.length,
      progress: { planned: planned.length, written, lostRace },
      updatedAt: now(),
    });
    return { ...run, status: 'DONE', totals, resultChunks: chunks.length, progress: { planned: planned.length, written, lostRace } };
  } catch (error) {
    await setRun(services, runId, { status: 'FAILED', error: (error as Error).message.slice(0, 500), updatedAt: now() }).catch(
      () => undefined,
    );
    throw error;
  }
}
