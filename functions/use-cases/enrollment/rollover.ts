import { SeatsTaken } from '../../../domain/enrollment/errors';
import {
  nextSchoolYear,
  nextYearCalendar,
  planStudent,
  RolloverRequestSchema,
  tally,
  type RolloverOutcome,
  type StudentPlan,
} from '../../../domain/enrollment/rollover';
import { DomainError, Invalid, NotFound } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { keys } from '../../../domain/keys';
import { schoolType, schoolYearType, sectionType, studentType } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import type { School } from '../../../domain/schemas/school';
import { parseOrThrow } from '../../../domain/validation';
import type { WorkQueue } from '../../platform/sqs-queue';
import type { EnrollmentRecord } from '../../repositories/enrollment-store';
import { toEnrollment } from '../../repositories/enrollment-records';
import type { StoredRecord } from '../../repositories/record-store';
import { AlreadyRolledOver, type RolloverProgress, type RolloverReport, type RolloverRun } from '../../repositories/rollover-store';
import type { Services } from '../../services';
import { systemContext, type WriteContext, type Written } from '../write-context';

/** Students rolled over at once: each is one transaction of its own. */
const CONCURRENCY = 8;
const runUrl = (run: Pick<RolloverRun, 'schoolId' | 'runId'>) => `/v1/schools/${run.schoolId}/rollovers/${run.runId}`;

/** Starts a school's rollover (or its dry run): stored PENDING and queued; the scheduling consumer does the work. */
export async function startRollover(
  services: Services,
  queue: WorkQueue,
  schoolId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<RolloverRun & { runUrl: string }>> {
  const request = parseOrThrow(RolloverRequestSchema, body ?? {});
  await services.access.authorize(context.principal, 'create', 'rollover', { schoolId });
  const [school, year] = await Promise.all([
    services.records.get(schoolType, { schoolId }),
    services.records.get(schoolYearType, { schoolId, schoolYear: request.fromYear }),
  ]);
  if (!school || school.deletedAt) throw new NotFound(`No school ${schoolId}.`);
  if (!year || year.deletedAt)
    throw new Invalid([{ field: 'fromYear', message: `names no school year of this school (${request.fromYear})` }]);
  const at = services.now().toISOString();
  const run: RolloverRun = {
    runId: newId(),
    schoolId,
    fromYear: request.fromYear,
    toYear: nextSchoolYear(request.fromYear),
    dryRun: request.dryRun,
    retain: request.retain,
    exitCodes: request.exitCodes,
    status: 'PENDING',
    createdAt: at,
    createdBy: context.principal.sub,
    updatedAt: at,
  };
  const written = await services.records
    .transaction(context, at)
    .add(services.rollovers.runStarted(run))
    .commit({ ...run, runUrl: runUrl(run) });
  if (!written.replayed) await queue.send({ rolloverId: run.runId, schoolId });
  return written;
}

/**
 * Every school's rollover of a year at once (a district administrator): one run per open school that has the year,
 * each queued; schools without it are listed as skipped.
 */
export async function startDistrictRollover(services: Services, queue: WorkQueue, body: unknown, context: WriteContext) {
  const request = parseOrThrow(RolloverRequestSchema, body ?? {});
  await services.access.authorize(context.principal, 'create', 'rollover', {});
  const schools = await services.records.queryAll(schoolType, {
    index: 'gsi1',
    partition: keys.allSchoolsPartition(),
    sortKeyPrefix: '',
    skipDeleted: true,
  });
  const runs: { runId: string; schoolId: string; status: string; runUrl: string }[] = [];
  const skipped: { schoolId: string; reason: string }[] = [];
  for (const school of schools) {
    const year = await services.records.get(schoolYearType, { schoolId: school.id, schoolYear: request.fromYear });
    if (school.data.status === 'closed' || !year || year.deletedAt) {
      skipped.push({ schoolId: school.id, reason: school.data.status === 'closed' ? 'closed' : `no school year ${request.fromYear}` });
      continue;
    }
    // Each school's run answers a retry of the district's request on its own: the request's Idempotency-Key, per school.
    const { idempotency } = context;
    const perSchool: WriteContext = idempotency
      ? { ...context, idempotency: { ...idempotency, key: { pk: idempotency.key.pk, sk: `${idempotency.key.sk}#${school.id}` } } }
      : context;
    const { runId, schoolId, status, runUrl: url } = (await startRollover(services, queue, school.id, body, perSchool)).result;
    runs.push({ runId, schoolId, status, runUrl: url });
  }
  return { runs, skipped };
}

export async function readRollover(services: Services, schoolId: string, runId: string, context: Pick<WriteContext, 'principal'>) {
  await services.access.authorize(context.principal, 'read', 'rollover', { schoolId });
  const run = await services.rollovers.run(schoolId, runId);
  if (!run) throw new NotFound(`No rollover ${runId} of school ${schoolId}.`);
  return { ...run, runUrl: runUrl(run) };
}

interface Loaded {
  readonly run: RolloverRun;
  readonly school: StoredRecord<School>;
  readonly year: SchoolYear;
  readonly nextYear: SchoolYear | undefined;
  readonly enrolled: readonly EnrollmentRecord[];
}

async function load(services: Services, schoolId: string, runId: string): Promise<Loaded | RolloverRun> {
  const run = await services.rollovers.run(schoolId, runId);
  if (!run) throw new NotFound(`No rollover ${runId} of school ${schoolId}.`);
  if (run.status === 'DONE') return run;
  const [school, year, nextYear, enrolled] = await Promise.all([
    services.records.get(schoolType, { schoolId }),
    services.records.get(schoolYearType, { schoolId, schoolYear: run.fromYear }),
    services.records.get(schoolYearType, { schoolId, schoolYear: run.toYear }),
    services.records.rawQueryAll({
      index: 'gsi2',
      partition: keys.enrolledAtSchoolOfYear(schoolId, run.fromYear),
      sortKeyPrefix: '',
      limit: 1000,
    }),
  ]);
  if (!school || !year) throw new NotFound(`The school ${schoolId} or its year ${run.fromYear} is gone.`);
  return {
    run,
    school,
    year: year.data,
    nextYear: nextYear && !nextYear.deletedAt ? nextYear.data : undefined,
    enrolled: enrolled.map(toEnrollment),
  };
}

/**
 * Runs a rollover (a message of the scheduling queue): the dry run reports and writes nothing else; the run
 * creates next year's calendar when there is none, copies this year's sections as next year's shells (no
 * rosters), then rolls each student over in a transaction of their own that ends this year's enrollment, opens
 * next year's (its grade's seat taken on the condition of next year's cap), moves the student's grade (with
 * history) and records the student as done by the run. A redelivered message resumes: students done are
 * skipped by their record, and a second write of one refuses as a whole.
 */
export async function runRollover(services: Services, schoolId: string, runId: string): Promise<RolloverRun> {
  const loaded = await load(services, schoolId, runId);
  if (!('enrolled' in loaded)) return loaded;
  const { run, school, year, enrolled } = loaded;
  const context = systemContext(`rollover:${runId}`, `Year-end rollover ${run.fromYear} → ${run.toYear}`);
  const at = () => services.now().toISOString();
  await services.records
    .transaction(context, at())
    .add(services.rollovers.runUpdated(schoolId, runId, { status: 'RUNNING', updatedAt: at() }))
    .send();
  try {
    const nextActive = await Promise.all(
      enrolled.map((enrollment) => services.enrollments.activeEnrollment(enrollment.studentId, run.toYear)),
    );
    const plans = enrolled.map((enrollment, index) =>
      planStudent(
        { studentId: enrollment.studentId, gradeLevel: enrollment.gradeLevel, enrolledNextYear: nextActive[index] !== undefined },
        school.data,
        { retain: [...run.retain], exitCodes: run.exitCodes as Record<string, 'graduated'> },
      ),
    );
    let calendar: RolloverReport['calendar'] = loaded.nextYear ? 'exists' : 'create';
    let nextYear = loaded.nextYear ?? nextYearCalendar(year);
    const sections = await copySections(services, run, year, context, run.dryRun);
    if (!run.dryRun && !loaded.nextYear) {
      const created = await services.records.write(
        context,
        { kind: schoolYearType, ids: { schoolId, schoolYear: run.toYear }, data: nextYear },
        { at: at() },
      );
      nextYear = created.result.data;
      calendar = 'created';
    }
    const progress = run.dryRun ? undefined : await rollStudents(services, run, enrolled, plans, nextYear, year.endDate, context);
    const report: RolloverReport = {
      students: enrolled.length + (progress?.resumed ?? 0),
      byGrade: tally(plans),
      calendar,
      sections,
      seats: seatsOf(plans, nextYear),
      courseRequests: await courseRequestsOf(services, schoolId, nextYear, plans),
    };
    await services.records
      .transaction(context, at())
      .add(services.rollovers.runUpdated(schoolId, runId, { status: 'DONE', report, ...(progress ? { progress } : {}), updatedAt: at() }))
      .send();
    return { ...run, status: 'DONE', report, ...(progress ? { progress } : {}) };
  } catch (error) {
    await services.records
      .transaction(context, at())
      .add(services.rollovers.runUpdated(schoolId, runId, { status: 'FAILED', error: String(error), updatedAt: at() }))
      .send();
    throw error;
  }
}

/** This year's sections as next year's shells: the same course, term, number, meetings, room, teachers and seats; no roster. */
async function copySections(services: Services, run: RolloverRun, year: SchoolYear, context: WriteContext, dryRun: boolean) {
  let thisYear = 0;
  let copied = 0;
  let existing = 0;
  for (const term of year.terms) {
    const sections = await services.records.queryAll(sectionType, {
      index: 'gsi1',
      partition: keys.sectionsOfSchoolTerm(run.schoolId, run.fromYear, term.code),
      sortKeyPrefix: '',
      skipDeleted: true,
    });
    for (const section of sections.filter((candidate) => candidate.data.status === 'active')) {
      thisYear += 1;
      if (dryRun) continue;
      try {
        await services.records.write(
          context,
          { kind: sectionType, ids: { sectionId: newId() }, data: { ...section.data, schoolYear: run.toYear } },
          { at: services.now().toISOString() },
        );
        copied += 1;
      } catch (error) {
        // Its number is taken next year: copied by an earlier attempt of this run, or made by hand.
        if (!(error instanceof DomainError) || error.status !== 409) throw error;
        existing += 1;
      }
    }
  }
  return { thisYear, copied, existing };
}

async function rollStudents(
  services: Services,
  run: RolloverRun,
  enrolled: readonly EnrollmentRecord[],
  plans: readonly StudentPlan[],
  nextYear: SchoolYear,
  yearEnd: string,
  context: WriteContext,
): Promise<RolloverProgress> {
  const done = await services.rollovers.doneStudents(run.runId);
  const byOutcome: Record<RolloverOutcome, number> = { promote: 0, retain: 0, graduate: 0, complete: 0, keep: 0 };
  for (const outcome of done.values()) byOutcome[outcome] += 1;
  const resumed = done.size;
  const refused: { studentId: string; reason: string }[] = [];
  const queue = enrolled.map((enrollment, index) => ({ enrollment, plan: plans[index]! }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await rollStudent(services, run, next.enrollment, next.plan, nextYear, yearEnd, context);
        byOutcome[next.plan.outcome] += 1;
      } catch (error) {
        if (error instanceof AlreadyRolledOver) continue;
        if (error instanceof SeatsTaken || (error instanceof DomainError && error.status < 500)) {
          refused.push({ studentId: next.enrollment.studentId, reason: error.message });
        } else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const total = Object.values(byOutcome).reduce((sum, count) => sum + count, 0);
  return { done: total, byOutcome, resumed, refused };
}

/** One student's rollover, in one transaction. */
async function rollStudent(
  services: Services,
  run: RolloverRun,
  enrollment: EnrollmentRecord,
  plan: StudentPlan,
  nextYear: SchoolYear,
  yearEnd: string,
  context: WriteContext,
): Promise<void> {
  const { enrollments, records, rollovers } = services;
  const at = services.now().toISOString();
  const transaction = records
    .transaction(context, at)
    .add(
      rollovers.studentDone(run.runId, enrollment.studentId, plan.outcome, at),
      ...enrollments.exit(enrollment, yearEnd < enrollment.entryDate ? enrollment.entryDate : yearEnd, plan.exitReason, true),
    );
  if (plan.nextGrade) {
    const next: EnrollmentRecord = {
      enrollmentId: newId(),
      studentId: enrollment.studentId,
      schoolId: enrollment.schoolId,
      schoolYear: run.toYear,
      gradeLevel: plan.nextGrade,
      entryDate: nextYear.startDate,
    };
    transaction.add(
      ...enrollments.newEnrollment(next),
      enrollments.activate(next),
      enrollments.seat(
        enrollment.schoolId,
        run.toYear,
        plan.nextGrade,
        1,
        nextYear.gradeCapacities?.[plan.nextGrade as keyof SchoolYear['gradeCapacities']],
      ),
    );
    if (plan.nextGrade !== plan.gradeLevel) {
      const student = await records.get(studentType, { studentId: enrollment.studentId });
      if (!student || student.deletedAt) throw new NotFound(`No student ${enrollment.studentId}.`);
      await transaction.write({
        kind: studentType,
        ids: { studentId: student.id },
        before: student,
        data: { ...student.data, gradeLevel: plan.nextGrade },
      });
    }
  } else {
    // Graduates and students leaving the school's last grade, and those enrolled next year already: one active enrollment fewer.
    transaction.add(enrollments.enrolledCount(enrollment.studentId, -1));
  }
  await transaction.send();
}

function seatsOf(plans: readonly StudentPlan[], nextYear: SchoolYear): RolloverReport['seats'] {
  const counts = new Map<string, number>();
  for (const plan of plans) if (plan.nextGrade) counts.set(plan.nextGrade, (counts.get(plan.nextGrade) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([gradeLevel, students]) => {
      const capacity = nextYear.gradeCapacities?.[gradeLevel as keyof SchoolYear['gradeCapacities']];
      return { gradeLevel, students, ...(capacity !== undefined ? { capacity } : {}) };
    });
}

/** Students staying at the school who have next year's course requests already (they are carried as they are). */
async function courseRequestsOf(services: Services, schoolId: string, nextYear: SchoolYear, plans: readonly StudentPlan[]) {
  const staying = new Set(plans.filter((plan) => plan.nextGrade).map((plan) => plan.studentId));
  const withRequests = new Set<string>();
  for (const term of nextYear.terms) {
    const items = await services.records.rawQueryAll({
      index: 'gsi1',
      partition: keys.courseRequestsOfSchoolTerm(schoolId, nextYear.schoolYear, term.code),
      sortKeyPrefix: '',
      limit: 1000,
    });
    for (const item of items) if (staying.has(String(item.gsi1sk))) withRequests.add(String(item.gsi1sk));
  }
  return { withRequests: withRequests.size, without: staying.size - withRequests.size };
}
