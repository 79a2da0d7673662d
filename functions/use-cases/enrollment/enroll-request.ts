import { RequestAlreadySettled } from '../../../domain/enrollment/errors';
import { dayBefore, rejectionForFailure, rejectionsFor, type EnrollmentFacts } from '../../../domain/enrollment/rules';
import { assignedDistrictStudentId, type Rejection } from '../../../domain/enrollment/schemas';
import { UniqueClaimTaken } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { keys } from '../../../domain/keys';
import { guardianLinkType, guardianType, schoolType, schoolYearType, studentType } from '../../../domain/records/record-types';
import type { Guardian, Student } from '../../../domain/schemas/people';
import { ENROLLMENT_EVENTS } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { EnrollmentRecord, EnrollmentRequestRecord, StatusTransition } from '../../repositories/enrollment-store';
import type { StoredRecord } from '../../repositories/record-store';
import { identityClaimOf, linkedGuardiansOf, matchLinkedGuardian } from './family-matching';
import type { Services } from '../../services';
import { dropAll } from '../scheduling/placements';
import { systemContext } from '../write-context';

export type Outcome =
  | { readonly status: 'ENROLLED'; readonly studentId: string }
  | { readonly status: 'REJECTED'; readonly reasons: readonly Rejection[] }
  | { readonly status: 'SETTLED' };

/** The actor of changes the consumer makes on a family's behalf. */
const SYSTEM_ACTOR = 'enrollment-consumer';
const SETTLED: readonly string[] = ['ENROLLED', 'REJECTED'];

/**
 * Turns one queued enrollment request into a school enrollment, or a rejection with reasons,
 * in one transaction. Safe to run twice, or twice at once, for the same request: the request's
 * status transition, the identity and district-id claims, the active-enrollment guard and the
 * seat counter are all conditions of that transaction.
 */
export class EnrollmentProcessor {
  constructor(private readonly services: Services) {}

  private get records() {
    return this.services.records;
  }

  private get enrollments() {
    return this.services.enrollments;
  }

  private now(): Date {
    return this.services.now();
  }

  async process(requestId: string): Promise<Outcome> {
    const stored = await this.enrollments.getRequest(requestId);
    // Intake stores a request before it queues it, and takes it back only when queueing failed:
    // a message without its request is one whose send looked failed but was not. Nothing to do.
    if (!stored) return { status: 'SETTLED' };
    if (SETTLED.includes(stored.status)) return { status: 'SETTLED' };
    const request = stored.request;
    const facts = await this.facts(stored);
    const rejections = rejectionsFor(request, facts.summary, stored.resolution);
    if (rejections.length > 0) return this.reject(stored, rejections);
    try {
      return await this.enroll(stored, facts);
    } catch (error) {
      if (error instanceof RequestAlreadySettled) return { status: 'SETTLED' };
      const rejection = rejectionForFailure(error);
      if (!rejection) throw error; // a stale read (the student changed meanwhile) or a fault: retried by the queue
      if (error instanceof UniqueClaimTaken) {
        // The same child was enrolled by another request at the same moment: show who.
        const again = await this.facts({ ...stored, resolution: undefined });
        return this.reject(stored, [{ ...rejection, candidates: again.summary.duplicateCandidates }]);
      }
      return this.reject(stored, [rejection]);
    }
  }

  private async facts(stored: EnrollmentRequestRecord) {
    const request = stored.request;
    const mergeInto = stored.resolution?.action === 'merge' ? stored.resolution.studentId : undefined;
    const existingId = request.kind === 'transfer' ? request.studentId : mergeInto;
    const [school, schoolYear, existing, active] = await Promise.all([
      this.records.get(schoolType, { schoolId: request.schoolId }),
      this.records.get(schoolYearType, { schoolId: request.schoolId, schoolYear: request.schoolYear }),
      existingId ? this.records.get(studentType, { studentId: existingId }) : undefined,
      existingId ? this.enrollments.activeEnrollment(existingId, request.schoolYear) : undefined,
    ]);
    const liveYear = schoolYear && !schoolYear.deletedAt ? schoolYear : undefined;
    const capacity = liveYear?.data.gradeCapacities?.[request.gradeLevel];
    const seatsTaken =
      capacity === undefined ? 0 : await this.enrollments.seatsTaken(request.schoolId, request.schoolYear, request.gradeLevel);

    const duplicateCandidates: EnrollmentFacts['duplicateCandidates'][number][] = [];
    if (request.kind === 'new' && stored.resolution === undefined) {
      const { student } = request;
      const [owner, sameIdentity] = await Promise.all([
        student.districtStudentId ? this.enrollments.claimOwner(keys.districtStudentId(student.districtStudentId)) : undefined,
        this.enrollments.studentsWithIdentity(student.legalName.last, student.legalName.first, student.birthDate),
      ]);
      const ownerId = owner ? keys.studentIdOf(owner) : undefined;
      if (ownerId) duplicateCandidates.push({ studentId: ownerId, matchedOn: 'districtStudentId' });
      for (const studentId of sameIdentity) duplicateCandidates.push({ studentId, matchedOn: 'nameAndBirthDate' });
    }

    const namedGuardianIds = request.guardians.flatMap((entry) => (entry.guardianId ? [entry.guardianId] : []));
    const found =
      namedGuardianIds.length > 0
        ? await this.records.getMany(
            guardianType,
            namedGuardianIds.map((guardianId) => ({ guardianId })),
          )
        : [];
    const liveGuardians = found.filter((guardian) => !guardian.deletedAt);
    const missingGuardianIds = namedGuardianIds.filter((guardianId) => !liveGuardians.some((guardian) => guardian.id === guardianId));
    const existingStudent = existing && !existing.deletedAt ? existing : undefined;
    const existingLinks = existingStudent
      ? (
          await this.records.query(guardianLinkType, {
            partition: keys.guardiansOfStudent(existingStudent.id).pk,
            sortKeyPrefix: keys.guardiansOfStudent(existingStudent.id).skPrefix,
            limit: 100,
            skipDeleted: true,
          })
        ).items
      : [];

    const summary: EnrollmentFacts = {
      school: school && !school.deletedAt ? { status: school.data.status, gradeLevels: school.data.gradeLevels } : undefined,
      schoolYear: liveYear
        ? { status: liveYear.data.status, startDate: liveYear.data.startDate, endDate: liveYear.data.endDate, capacity }
        : undefined,
      seatsTaken,
      existingStudent: existingStudent ? { id: existingStudent.id } : undefined,
      activeEnrollment: active ? { schoolId: active.schoolId, enrollmentId: active.enrollmentId, entryDate: active.entryDate } : undefined,
      duplicateCandidates,
      missingGuardianIds,
      guardianCount: request.guardians.length + existingLinks.length,
    };
    const linkedGuardians = await linkedGuardiansOf(this.records, existingLinks);
    return { summary, existingStudent, active, capacity, liveGuardians, existingLinks, linkedGuardians };
  }

  private async enroll(stored: EnrollmentRequestRecord, facts: Awaited<ReturnType<EnrollmentProcessor['facts']>>): Promise<Outcome> {
    const request = stored.request;
    const at = this.now().toISOString();
    const reason = `Enrollment request ${stored.id}`;
    // One transaction: the student, the guardians and links, the enrollment and its guards, the request settled.
    const transaction = this.records.transaction(systemContext(SYSTEM_ACTOR, reason), at);

    // The student: created, or (transfer, merge) moved to this school and grade.
    let student: StoredRecord<Student>;
    const moveLater = facts.existingStudent !== undefined && request.entryDate > at.slice(0, 10);
    if (facts.existingStudent && moveLater) {
      // The student changes school on the entry date (decision 0042): until then they stay where they are.
      student = facts.existingStudent;
      transaction.add(this.enrollments.studentUnchanged(student));
    } else if (facts.existingStudent) {
      const before = facts.existingStudent;
      student = await transaction.write({
        kind: studentType,
        ids: before.ids,
        before,
        data: { ...before.data, schoolId: request.schoolId, gradeLevel: request.gradeLevel },
      });
    } else {
      if (request.kind !== 'new') throw new Error('unreachable: a transfer always names an existing student');
      const studentId = newId();
      const data = studentType.schema.parse({
        ...request.student,
        districtStudentId: request.student.districtStudentId ?? assignedDistrictStudentId(stored.id, request.schoolYear),
        schoolId: request.schoolId,
        gradeLevel: request.gradeLevel,
      });
      student = await transaction.write({ kind: studentType, ids: { studentId }, data });
      transaction.add(this.enrollments.identityClaim(identityClaimOf(stored)!, studentType.key({ studentId })));
    }
    const studentId = student.id;

    // Guardians: new ones created, all linked (links the student already has are kept as they are).
    const guardianIds: string[] = [];
    for (const entry of request.guardians) {
      let guardian: Guardian & { id: string };
      const linked = entry.guardian ? matchLinkedGuardian(entry.guardian, facts.linkedGuardians) : undefined;
      if (linked) {
        guardian = linked;
      } else if (entry.guardian) {
        const guardianId = newId();
        const data = guardianType.schema.parse(entry.guardian);
        await transaction.write({ kind: guardianType, ids: { guardianId }, data });
        guardian = { ...data, id: guardianId };
      } else {
        const existing = facts.liveGuardians.find((candidate) => candidate.id === entry.guardianId)!;
        guardian = { ...existing.data, id: existing.id };
      }
      const alreadyLinked = facts.existingLinks.some((link) => link.id === guardian.id);
      if (!alreadyLinked) {
        const link = guardianLinkType.schema.parse({ ...entry.link, guardianId: guardian.id });
        await transaction.write({ kind: guardianLinkType, ids: { studentId, guardianId: guardian.id }, data: link });
      }
      guardianIds.push(guardian.id);
    }

    // The enrollment, the one-per-year guard, the seat, and the previous school's exit.
    const enrollment: EnrollmentRecord = {
      enrollmentId: newId(),
      studentId,
      schoolId: request.schoolId,
      schoolYear: request.schoolYear,
      gradeLevel: request.gradeLevel,
      entryDate: request.entryDate,
      requestId: stored.id,
      ...(request.priorSchool ? { priorSchool: request.priorSchool } : {}),
    };
    transaction.add(this.enrollments.schoolYearOpen(keys.schoolYear(request.schoolId, request.schoolYear)));
    transaction.add(...this.enrollments.newEnrollment(enrollment));
    transaction.add(this.enrollments.activate(enrollment, facts.active?.enrollmentId));
    if (!facts.active) transaction.add(this.enrollments.enrolledCount(studentId, 1));
    if (moveLater) transaction.add(this.enrollments.scheduleSchoolMove(enrollment));
    transaction.add(this.enrollments.seat(request.schoolId, request.schoolYear, request.gradeLevel, 1, facts.capacity));
    if (facts.active) {
      const exitDate = maxDate(dayBefore(request.entryDate), facts.active.entryDate);
      transaction.add(...this.enrollments.exit(facts.active, exitDate, 'transfer', false));
      transaction.add(this.enrollments.seat(facts.active.schoolId, facts.active.schoolYear, facts.active.gradeLevel, -1));
      // The student leaves their classes at the old school with it.
      await dropAll(this.services, transaction, studentId, facts.active.schoolYear, {
        principal: transaction.context.principal,
        at,
        reason: `Transferred: ${reason}`,
        recordKey: studentType.key({ studentId }),
        exitDate,
      });
    }

    // The request is settled in the same transaction, with the one event the family's notifier needs.
    transaction.add(
      this.enrollments.transition(
        stored,
        ['PENDING', 'FAILED'],
        { status: 'ENROLLED', at, by: SYSTEM_ACTOR },
        { studentId, enrollmentId: enrollment.enrollmentId },
        ['lastError'],
      ),
    );
    const enrolled = buildEvent(ENROLLMENT_EVENTS.studentEnrolled, {
      occurredAt: at,
      actor: { sub: stored.requestedBy, roles: [] },
      reason,
      recordType: 'enrollment',
      ids: { studentId, enrollmentId: enrollment.enrollmentId, requestId: stored.id },
      schoolIds: [...new Set([request.schoolId, ...(facts.active ? [facts.active.schoolId] : [])])],
      changedFields: [],
      requestId: stored.id,
      kind: request.kind,
      enrollment: {
        enrollmentId: enrollment.enrollmentId,
        studentId,
        schoolId: enrollment.schoolId,
        schoolYear: enrollment.schoolYear,
        gradeLevel: enrollment.gradeLevel,
        entryDate: enrollment.entryDate,
      },
      guardianIds,
      ...(facts.active ? { transferredFrom: { schoolId: facts.active.schoolId, enrollmentId: facts.active.enrollmentId } } : {}),
    });
    transaction.event(studentType.key({ studentId }), enrolled);

    await transaction.send();
    return { status: 'ENROLLED', studentId };
  }

  private async reject(stored: EnrollmentRequestRecord, reasons: readonly Rejection[]): Promise<Outcome> {
    const at = this.now().toISOString();
    const request = stored.request;
    const rejected = buildEvent(ENROLLMENT_EVENTS.enrollmentRejected, {
      occurredAt: at,
      actor: { sub: stored.requestedBy, roles: [] },
      recordType: 'enrollmentRequest',
      ids: { requestId: stored.id },
      schoolIds: [request.schoolId],
      changedFields: [],
      requestId: stored.id,
      schoolId: request.schoolId,
      schoolYear: request.schoolYear,
      gradeLevel: request.gradeLevel,
      requestedBy: stored.requestedBy,
      reasons: reasons.map(({ candidates, ...reason }) => ({ ...reason, ...(candidates ? { candidates: [...candidates] } : {}) })),
    });
    try {
      await this.records
        .transaction(systemContext(SYSTEM_ACTOR), at)
        .add(
          this.enrollments.transition(
            stored,
            ['PENDING', 'FAILED'],
            { status: 'REJECTED', at, by: SYSTEM_ACTOR, note: reasons.map((reason) => reason.code).join(', ') },
            { rejection: { reasons } },
            ['lastError'],
          ),
        )
        .event(keys.enrollmentRequest(stored.id), rejected)
        .send();
    } catch (error) {
      if (error instanceof RequestAlreadySettled) return { status: 'SETTLED' };
      throw error;
    }
    return { status: 'REJECTED', reasons };
  }
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The consumer's actor, in a request's transitions. */
export const ENROLLMENT_CONSUMER = SYSTEM_ACTOR;

/**
 * Leaves the reason of a failed attempt on the request; on the last receive, marks it FAILED:
 * its message is about to go to the DLQ, and a redrive will pick it up again.
 */
export async function recordAttemptFailure(
  services: Pick<Services, 'enrollments' | 'now'>,
  requestId: string,
  error: Error,
  attempt: { readonly count: number; readonly last: boolean },
): Promise<void> {
  const stored = await services.enrollments.getRequest(requestId);
  if (!stored) return;
  const final: StatusTransition | undefined = attempt.last
    ? { status: 'FAILED', at: services.now().toISOString(), by: SYSTEM_ACTOR, note: 'sent to the dead-letter queue' }
    : undefined;
  await services.enrollments.recordFailure(stored, error.message, attempt.count, final);
}
