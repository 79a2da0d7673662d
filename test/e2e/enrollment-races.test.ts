import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { EnrollmentRequest } from '../../domain/enrollment/schemas';
import { newId } from '../../domain/ids';
import { StaleVersion } from '../../domain/errors';
import type { EnrollmentRequestRecord } from '../../functions/repositories/enrollment-store';
import { getServices } from '../../functions/services';
import { applySchoolMoves } from '../../functions/use-cases/enrollment/apply-school-moves';
import { EnrollmentProcessor } from '../../functions/use-cases/enrollment/enroll-request';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { requeueFailedEnrollments } from '../../infra/ops/redrive';
import { newEnrollmentBody, studentBody } from '../support/fixtures';
import { seedEnrollment, seedSchool, seedSchoolYear, storeServices } from '../support/seed';
import { startTestSystem, type TestSystem } from '../support/runtime';

/**
 * The enrollment path's loose ends, and proof against races: requests that lost their message,
 * dead letters, confirmed-new children, deletes racing enrollments, transfers that start later,
 * families named twice, and bursts at one record or one seat.
 */
describe('enrollment: loose ends and races', () => {
  let system: TestSystem;
  let sqs: SQSClient;
  let admin: string;
  let schoolId: string;
  let otherSchoolId: string;

  async function openSchool(name: string, capacities: Record<string, number> = {}, year: Record<string, unknown> = {}) {
    const services = storeServices(system.runtime);
    const id = (await seedSchool(services, { name })).id;
    await seedSchoolYear(services, id, { gradeCapacities: capacities, ...year });
    return id;
  }

  const status = async (requestId: string) => (await system.api.call('GET', `/v1/enrollment-requests/${requestId}`, { token: admin })).body;

  /** Submits through the API and waits until the consumer has settled the request. */
  async function enroll(body: unknown) {
    const accepted = await system.api.call('POST', '/v1/enrollment-requests', { token: admin, body });
    expect(accepted.status).toBe(202);
    await system.runtime.idle();
    return status(accepted.body.id);
  }

  /** A request stored as the intake stores it, with no message queued (a function that died in between). */
  async function storeWithoutMessage(request: Record<string, unknown>, createdAt = new Date()): Promise<string> {
    const at = createdAt.toISOString();
    const record: EnrollmentRequestRecord = {
      id: newId(),
      status: 'PENDING',
      request: request as unknown as EnrollmentRequest,
      schoolId: String(request.schoolId),
      requestedBy: 'test-family',
      createdAt: at,
      updatedAt: at,
      attempts: 0,
      generation: 0,
      transitions: [{ status: 'PENDING', at, by: 'test-family' }],
    };
    const { transactions, enrollments } = getServices();
    await transactions.transact([enrollments.newRequest(record)]);
    return record.id;
  }

  const queueUrl = (name: string) => `${system.runtime.awsEndpoint}/000000000000/${name}`;

  beforeAll(async () => {
    system = await startTestSystem('enrollment-races', { retryDelaySeconds: 1, schedules: 'manual' });
    sqs = new SQSClient({ endpoint: system.runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    admin = system.api.token('district_admin');
    schoolId = await openSchool('Garfield Elementary', { '04': 1 });
    otherSchoolId = await openSchool('Hayes Elementary');
  });
  afterAll(async () => {
    sqs?.destroy();
    await system?.stop();
  });

  test('the sweeper queues a request left PENDING without a message, once; a fresh one is left to its message', async () => {
    const lost = await storeWithoutMessage(newEnrollmentBody(schoolId), new Date(Date.now() - 10 * 60_000));
    const fresh = await storeWithoutMessage(newEnrollmentBody(schoolId));

    expect(await system.runtime.runSchedule('enrollment-sweeper')).toEqual({ requeued: 1 });
    await system.runtime.idle();
    expect(await status(lost)).toMatchObject({ status: 'ENROLLED' });
    expect(await status(fresh)).toMatchObject({ status: 'PENDING' });

    // Nothing is queued twice: the settled request left the index, the fresh one is not old enough.
    expect(await system.runtime.runSchedule('enrollment-sweeper')).toEqual({ requeued: 0 });
    // Once it is (a threshold of 0 here), it is queued and processed too.
    expect(await system.runtime.runSchedule('enrollment-sweeper', { olderThanSeconds: 0 })).toEqual({ requeued: 1 });
    await system.runtime.idle();
    expect(await status(fresh)).toMatchObject({ status: 'ENROLLED' });
  });

  test('a message dead-lettered while its request is PENDING marks it FAILED with the reason, once; a redrive enrolls it', async () => {
    const requestId = await storeWithoutMessage(newEnrollmentBody(otherSchoolId));
    const { dlq } = system.runtime.queueNames('enrollment');
    const deadLetter = new SendMessageCommand({ QueueUrl: queueUrl(dlq), MessageBody: JSON.stringify({ requestId, generation: 0 }) });
    await sqs.send(deadLetter);
    await system.runtime.idle();

    const failed = await status(requestId);
    expect(failed).toMatchObject({ status: 'FAILED', lastError: expect.stringContaining('dead-letter queue') });
    // A second delivery of the dead letter changes nothing.
    await sqs.send(deadLetter);
    await system.runtime.idle();
    expect((await status(requestId)).transitions).toEqual(failed.transitions);
    expect(await system.runtime.deadLetters()).toEqual({});
    // The sweeper leaves FAILED requests to the redrive.
    expect(await system.runtime.runSchedule('enrollment-sweeper', { olderThanSeconds: 0 })).toEqual({ requeued: 0 });

    const { queue } = system.runtime.queueNames('enrollment');
    expect(await requeueFailedEnrollments(system.runtime.dynamoClient, system.runtime.tableName, sqs, queueUrl(queue))).toBe(1);
    await system.runtime.idle();
    expect(await status(requestId)).toMatchObject({ status: 'ENROLLED', studentId: expect.any(String) });
  });

  test('confirm-new takes an identity claim: the same child confirmed new twice becomes one student; a third child still can', async () => {
    const child = { legalName: { first: 'Ximena', last: 'Duarte' }, birthDate: '2018-03-03', gender: 'female', homeLanguage: 'es' };
    const registered = await system.api.call('POST', '/v1/students', {
      token: admin,
      body: studentBody(schoolId, { ...child, gradeLevel: '02' }),
    });
    expect(registered.status).toBe(201);
    const body = newEnrollmentBody(schoolId, { gradeLevel: '02', student: child });
    const [first, second] = await Promise.all([enroll(body), enroll(body)]);
    for (const rejected of [first, second]) expect(rejected.rejection.reasons[0].code).toBe('possible-duplicate');

    // Both are confirmed as a new child, against the same registered student, at the same moment.
    const counselor = system.api.token('counselor', { schoolIds: [schoolId] });
    const resolutions = await Promise.all(
      [first, second].map((request) =>
        system.api.call('POST', `/v1/enrollment-requests/${request.id}/resolution`, { token: counselor, body: { action: 'confirm-new' } }),
      ),
    );
    expect(resolutions.map((response) => response.status)).toEqual([202, 202]);
    await system.runtime.idle();
    const outcomes = await Promise.all([status(first.id), status(second.id)]);
    const enrolled = outcomes.filter((outcome) => outcome.status === 'ENROLLED');
    expect(enrolled).toHaveLength(1);
    const again = outcomes.find((outcome) => outcome.status === 'REJECTED')!;
    expect(again.rejection.reasons[0]).toMatchObject({ code: 'possible-duplicate' });
    expect(again.rejection.reasons[0].candidates.map((candidate: { studentId: string }) => candidate.studentId).sort()).toEqual(
      [registered.body.id, enrolled[0]!.studentId].sort(),
    );

    // Shown both, the counselor confirms a genuinely third child of that name and birth date.
    const third = await system.api.call('POST', `/v1/enrollment-requests/${again.id}/resolution`, {
      token: counselor,
      body: { action: 'confirm-new' },
    });
    expect(third.status).toBe(202);
    await system.runtime.idle();
    const done = await status(again.id);
    expect(done).toMatchObject({ status: 'ENROLLED' });
    expect(done.studentId).not.toBe(enrolled[0]!.studentId);
  });

  test('a delete racing an enrollment never leaves a deleted student with an active enrollment', async () => {
    const processor = new EnrollmentProcessor(getServices());
    const outcomes = { deleted: 0, refused: 0, enrolled: 0 };
    for (let round = 0; round < 10; round += 1) {
      const student = await system.api.call('POST', '/v1/students', {
        token: admin,
        body: studentBody(otherSchoolId, { legalName: { first: `Racer${'abcdefghij'[round]}`, last: 'Okoro' }, gradeLevel: '03' }),
      });
      const requestId = await storeWithoutMessage({
        kind: 'transfer',
        studentId: student.body.id,
        schoolId,
        schoolYear: '2026-2027',
        gradeLevel: '03',
        entryDate: '2026-09-01',
        guardians: [],
      });
      const processing = (async () => {
        // As the queue would: a stale read is retried.
        for (let attempt = 0; ; attempt += 1) {
          try {
            return await processor.process(requestId);
          } catch (error) {
            if (!(error instanceof StaleVersion) || attempt > 5) throw error;
          }
        }
      })();
      const [, removal] = await Promise.all([processing, system.api.call('DELETE', `/v1/students/${student.body.id}`, { token: admin })]);
      const after = await system.api.call('GET', `/v1/students/${student.body.id}`, { token: admin });
      const active = await getServices().enrollments.activeYears(student.body.id);
      // The invariant: never both.
      expect(after.status === 404 && active.length > 0).toBe(false);
      if (removal.status === 200) outcomes.deleted += 1;
      else outcomes.refused += 1;
      if (active.length > 0) outcomes.enrolled += 1;
    }
    expect(outcomes.deleted + outcomes.refused).toBe(10);
    expect(outcomes.enrolled).toBe(outcomes.refused);
  });

  test("a transfer for next year moves the student's school on its entry date, not when it is processed", async () => {
    const nextYear = {
      schoolYear: '2027-2028',
      startDate: '2027-08-23',
      endDate: '2028-06-02',
      terms: [
        { code: 'S1', name: 'Fall semester', startDate: '2027-08-23', endDate: '2028-01-14' },
        { code: 'S2', name: 'Spring semester', startDate: '2028-01-18', endDate: '2028-06-02' },
      ],
      gradingPeriods: [{ code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2027-08-23', endDate: '2027-10-22' }],
      nonInstructionalDays: [],
    };
    const newSchoolId = await openSchool('Polk Middle', {}, nextYear);
    // The enrollments are made through the store (the processor at once): the daily job is under test.
    const services = storeServices(system.runtime);
    const mover = await seedEnrollment({ services }, newEnrollmentBody(otherSchoolId, { gradeLevel: '05' }));
    expect(mover.status).toBe('ENROLLED');
    const transfer = await seedEnrollment(
      { services },
      {
        kind: 'transfer',
        studentId: mover.studentId,
        schoolId: newSchoolId,
        schoolYear: '2027-2028',
        gradeLevel: '05',
        entryDate: '2027-08-23',
      },
    );
    expect(transfer).toMatchObject({ status: 'ENROLLED', studentId: mover.studentId });
    const before = (await system.api.call('GET', `/v1/students/${mover.studentId}`, { token: admin })).body;
    expect(before).toMatchObject({ schoolId: otherSchoolId, version: 1 });

    // The daily job, today: nothing is due.
    expect(await system.runtime.runSchedule('school-moves')).toEqual({ applied: 0, dropped: 0 });
    // The daily job on the entry date (its clock set forward): the student changes school.
    const onEntryDate = { ...services, now: () => new Date('2027-08-23T06:00:00Z') };
    expect(await applySchoolMoves(onEntryDate)).toEqual({ applied: 1, dropped: 0 });
    expect(await applySchoolMoves(onEntryDate)).toEqual({ applied: 0, dropped: 0 });
    const after = await system.api.call('GET', `/v1/students/${mover.studentId}`, { token: admin });
    expect(after.body).toMatchObject({ schoolId: newSchoolId, gradeLevel: '05', version: 2 });
    const history = await system.api.call('GET', `/v1/students/${mover.studentId}/history`, { token: admin });
    expect(history.body.items[0]).toMatchObject({ version: 2, reason: expect.stringContaining('starts on 2027-08-23') });
  });

  test('50 concurrent PATCHes of one record at the same version: one 200, 49 × 412, one new version', async () => {
    const created = await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId) });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        system.api.call('PATCH', `/v1/students/${created.body.id}`, {
          token: admin,
          body: { preferredName: { first: `Nick${'abcdefghij'[index % 10]}${index}` } },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((code) => code === 200)).toHaveLength(1);
    expect(statuses.filter((code) => code === 412)).toHaveLength(49);
    const history = await system.api.call('GET', `/v1/students/${created.body.id}/history`, { token: admin });
    expect(history.body.items.map((item: { version: number }) => item.version)).toEqual([2, 1]);
    const winner = responses.find((response) => response.status === 200)!;
    expect(history.body.items[0].record.preferredName).toEqual(winner.body.preferredName);
  });

  test('50 concurrent enrollments into the last seat of a grade: exactly one seat is taken', async () => {
    const accepted = await Promise.all(
      Array.from({ length: 50 }, () =>
        system.api.call('POST', '/v1/enrollment-requests', { token: admin, body: newEnrollmentBody(schoolId, { gradeLevel: '04' }) }),
      ),
    );
    expect(accepted.every((response) => response.status === 202)).toBe(true);
    await system.runtime.idle(120_000);
    const outcomes = await Promise.all(accepted.map((response) => status(response.body.id)));
    expect(outcomes.filter((outcome) => outcome.status === 'ENROLLED')).toHaveLength(1);
    const rejected = outcomes.filter((outcome) => outcome.status === 'REJECTED');
    expect(rejected).toHaveLength(49);
    for (const outcome of rejected)
      expect(outcome.rejection.reasons.map((reason: { code: string }) => reason.code)).toEqual(['grade-full']);
    expect(await getServices().enrollments.seatsTaken(schoolId, '2026-2027', '04')).toBe(1);
    expect(await system.runtime.deadLetters()).toEqual({});
  }, 180_000);
});
