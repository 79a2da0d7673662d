import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { localQueueArn } from '../../infra/local/local-queues';
import { redrive, requeueFailedEnrollments } from '../../infra/ops/redrive';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody, studentBody } from '../support/fixtures';

/** Enrollment as families, registrars and counselors use it, through the queue. */
describe('enrollment', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let otherSchoolId: string;

  async function openSchool(name: string, capacities: Record<string, number> = {}) {
    const id = (await system.api.call('POST', '/v1/schools', { token: admin, body: schoolBody({ name }) })).body.id as string;
    const year = await system.api.call('POST', `/v1/schools/${id}/school-years`, {
      token: admin,
      body: schoolYearBody({ gradeCapacities: capacities }),
    });
    expect(year.status).toBe(201);
    return id;
  }

  /** Submits and waits until the consumer has settled the request. */
  async function enroll(body: unknown, token = admin, headers: Record<string, string> = {}) {
    const accepted = await system.api.call('POST', '/v1/enrollment-requests', { token, body, headers });
    expect(accepted.status).toBe(202);
    await system.runtime.idle();
    return (await system.api.call('GET', accepted.body.statusUrl, { token: admin })).body;
  }

  beforeAll(async () => {
    system = await startTestSystem('enrollment', { retryDelaySeconds: 1 });
    admin = system.api.token('district_admin');
    schoolId = await openSchool('Roosevelt Elementary', { '02': 1 });
    otherSchoolId = await openSchool('Jefferson Elementary');
  });
  afterAll(() => system?.stop());

  test('a family enrolls online: 202 at once, then ENROLLED with the student and guardian created', async () => {
    const parent = system.api.token('parent');
    const body = newEnrollmentBody(schoolId);
    const accepted = await system.api.call('POST', '/v1/enrollment-requests', {
      token: parent,
      body,
      headers: { 'idempotency-key': 'family-1' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'PENDING', statusUrl: `/v1/enrollment-requests/${accepted.body.id}` });

    // A retry with the same key and body gets the same answer; another body with that key is refused.
    const retry = await system.api.call('POST', '/v1/enrollment-requests', {
      token: parent,
      body,
      headers: { 'idempotency-key': 'family-1' },
    });
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(accepted.body.id);
    const other = await system.api.call('POST', '/v1/enrollment-requests', {
      token: parent,
      body: { ...body, gradeLevel: '03' },
      headers: { 'idempotency-key': 'family-1' },
    });
    expect(other.status).toBe(422);

    await system.runtime.idle();
    const status = await system.api.call('GET', accepted.body.statusUrl, { token: parent });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'ENROLLED', studentId: expect.any(String) });
    const studentId = status.body.studentId;

    const student = await system.api.call('GET', `/v1/students/${studentId}`, { token: admin });
    expect(student.body).toMatchObject({
      schoolId,
      gradeLevel: '01',
      legalName: body.student.legalName,
      districtStudentId: expect.stringMatching(/^26/),
    });
    const guardians = await system.api.call('GET', `/v1/students/${studentId}/guardians`, { token: admin });
    expect(guardians.body.items).toEqual([expect.objectContaining({ relationship: 'mother', educationalRights: true })]);
    const enrollments = await system.api.call('GET', `/v1/students/${studentId}/enrollments`, { token: admin });
    expect(enrollments.body.items).toEqual([
      expect.objectContaining({ schoolId, schoolYear: '2026-2027', gradeLevel: '01', requestId: accepted.body.id }),
    ]);
  });

  test('the same child submitted five times at once is enrolled once; the rest are possible duplicates', async () => {
    const body = newEnrollmentBody(schoolId);
    const accepted = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        system.api.call('POST', '/v1/enrollment-requests', { token: admin, body, headers: { 'idempotency-key': `twin-${index}` } }),
      ),
    );
    await system.runtime.idle();
    const statuses = await Promise.all(accepted.map((response) => system.api.call('GET', response.body.statusUrl, { token: admin })));
    const enrolled = statuses.filter((status) => status.body.status === 'ENROLLED');
    expect(enrolled).toHaveLength(1);
    const rejected = statuses.filter((status) => status.body.status === 'REJECTED');
    expect(rejected).toHaveLength(4);
    for (const status of rejected) {
      expect(status.body.rejection.reasons[0]).toMatchObject({
        code: 'possible-duplicate',
        candidates: [{ studentId: enrolled[0]!.body.studentId, matchedOn: 'nameAndBirthDate' }],
      });
    }
    const list = await system.api.call('GET', `/v1/schools/${schoolId}/students?name=nguyen, ${body.student.legalName.first}`, {
      token: admin,
    });
    expect(list.body.items).toHaveLength(1);
  });

  test('a counselor merges a possible duplicate into the existing student', async () => {
    const existing = await system.api.call('POST', '/v1/students', {
      token: admin,
      // Registered directly by the school's registrar last spring, never enrolled for this year.
      body: studentBody(schoolId, { legalName: { first: 'Amara', last: 'Okafor' }, birthDate: '2019-02-01', gradeLevel: '01' }),
    });
    const body = newEnrollmentBody(schoolId, {
      student: { legalName: { first: 'Amara', last: 'Okafor' }, birthDate: '2019-02-01', gender: 'female', homeLanguage: 'en' },
    });
    const rejected = await enroll(body);
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejection: { reasons: [{ code: 'possible-duplicate', candidates: [{ studentId: existing.body.id }] }] },
    });

    const counselor = system.api.token('counselor', { schoolIds: [schoolId] });
    const worklist = await system.api.call('GET', `/v1/schools/${schoolId}/enrollment-requests?status=REJECTED`, { token: counselor });
    expect(worklist.body.items.map((item: { id: string }) => item.id)).toContain(rejected.id);
    // A counselor of another school may not merge into this school's student.
    const outsider = system.api.token('counselor', { schoolIds: [otherSchoolId] });
    expect(
      (
        await system.api.call('POST', `/v1/enrollment-requests/${rejected.id}/resolution`, {
          token: outsider,
          body: { action: 'merge', studentId: existing.body.id },
        })
      ).status,
    ).toBe(403);
    const resolved = await system.api.call('POST', `/v1/enrollment-requests/${rejected.id}/resolution`, {
      token: counselor,
      body: { action: 'merge', studentId: existing.body.id },
    });
    expect(resolved.status).toBe(202);
    await system.runtime.idle();

    const status = await system.api.call('GET', `/v1/enrollment-requests/${rejected.id}`, { token: counselor });
    expect(status.body).toMatchObject({ status: 'ENROLLED', studentId: existing.body.id });
    const student = await system.api.call('GET', `/v1/students/${existing.body.id}`, { token: admin });
    expect(student.body).toMatchObject({ schoolId, version: 2 });
    const guardians = await system.api.call('GET', `/v1/students/${existing.body.id}/guardians`, { token: admin });
    expect(guardians.body.items).toHaveLength(1);
  });

  test('a full grade, a missing school year and a missing guardian are rejected with reasons', async () => {
    const first = await enroll(newEnrollmentBody(schoolId, { gradeLevel: '02' }));
    expect(first.status).toBe('ENROLLED');
    const full = await enroll(newEnrollmentBody(schoolId, { gradeLevel: '02' }));
    expect(full).toMatchObject({ status: 'REJECTED', rejection: { reasons: [{ code: 'grade-full' }] } });

    const noYear = await enroll(newEnrollmentBody(schoolId, { schoolYear: '2030-2031', entryDate: '2030-08-26' }));
    expect(noYear.rejection.reasons.map((reason: { code: string }) => reason.code)).toContain('school-not-open');

    const orphan = await enroll(newEnrollmentBody(schoolId, { guardians: [] }));
    expect(orphan.rejection.reasons.map((reason: { code: string }) => reason.code)).toEqual(['missing-guardian']);
  });

  test('a transfer ends the old enrollment and frees its seat in the same transaction; a withdrawal ends the new one', async () => {
    const mover = await enroll(newEnrollmentBody(otherSchoolId, { gradeLevel: '02' }));
    expect(mover.status).toBe('ENROLLED');
    const transfer = await enroll({
      kind: 'transfer',
      studentId: mover.studentId,
      schoolId,
      schoolYear: '2026-2027',
      gradeLevel: '03',
      entryDate: '2026-10-05',
    });
    expect(transfer).toMatchObject({ status: 'ENROLLED', studentId: mover.studentId });
    const history = await system.api.call('GET', `/v1/students/${mover.studentId}/enrollments`, { token: admin });
    const bySchool = Object.fromEntries(history.body.items.map((item: { schoolId: string }) => [item.schoolId, item]));
    expect(bySchool[otherSchoolId]).toMatchObject({ exitDate: '2026-10-04', exitReason: 'transfer' });
    expect(bySchool[schoolId].exitDate).toBeUndefined();

    // An enrolled student's record is not deleted out from under their seat.
    const early = await system.api.call('DELETE', `/v1/students/${mover.studentId}`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('withdraw');

    const withdrawn = await system.api.call('POST', `/v1/students/${mover.studentId}/withdrawals`, {
      token: admin,
      body: { schoolYear: '2026-2027', exitDate: '2026-12-18', reasonCode: 'moved-out-of-district' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ schoolId, exitDate: '2026-12-18', exitReason: 'moved-out-of-district' });
    const again = await system.api.call('POST', `/v1/students/${mover.studentId}/withdrawals`, {
      token: admin,
      body: { schoolYear: '2026-2027', exitDate: '2026-12-18', reasonCode: 'moved-out-of-district' },
    });
    expect(again.status).toBe(409);
    expect((await system.api.call('DELETE', `/v1/students/${mover.studentId}`, { token: admin })).status).toBe(200);
  });

  test('a parent cannot transfer, or attach themselves to, a child who is not theirs', async () => {
    const child = await enroll(newEnrollmentBody(schoolId));
    const stranger = system.api.token('parent', { guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });
    const hijack = await system.api.call('POST', '/v1/enrollment-requests', {
      token: stranger,
      body: {
        kind: 'transfer',
        studentId: child.studentId,
        schoolId: otherSchoolId,
        schoolYear: '2026-2027',
        gradeLevel: '01',
        entryDate: '2026-09-14',
        guardians: [
          {
            guardian: { name: { first: 'Not', last: 'Family' } },
            link: { relationship: 'parent', custody: true, educationalRights: true, livesWith: true },
          },
        ],
      },
    });
    expect(hijack.status).toBe(403);
    const guardians = await system.api.call('GET', `/v1/students/${child.studentId}/guardians`, { token: admin });
    expect(guardians.body.items).toHaveLength(1);
  });

  test('bad input is refused at once with each field named, and nothing is queued', async () => {
    const response = await system.api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      body: {
        ...newEnrollmentBody(schoolId),
        entryDate: '26/08/2026',
        guardians: [
          { guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', guardian: { name: { first: 'A', last: 'B' } }, link: { relationship: 'aunt' } },
        ],
      },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['entryDate', 'guardians[0].link.relationship', 'guardians[0].link.custody']));
    const both = await system.api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      body: {
        ...newEnrollmentBody(schoolId),
        guardians: [
          {
            guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
            guardian: { name: { first: 'A', last: 'B' } },
            link: { relationship: 'father', custody: true, educationalRights: true, livesWith: true },
          },
        ],
      },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ field: 'guardians[0]', message: expect.stringContaining('either guardianId') }]);
    const link = { relationship: 'father', custody: true, educationalRights: true, livesWith: true };
    const twice = await system.api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      body: {
        ...newEnrollmentBody(schoolId),
        guardians: [
          { guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', link },
          { guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', link },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'guardians[1].guardianId', message: 'names the same guardian twice' }]);
    const unborn = await system.api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      body: newEnrollmentBody(schoolId, {
        student: { legalName: { first: 'Future', last: 'Child' }, birthDate: '2030-01-01', gender: 'female', homeLanguage: 'en' },
      }),
    });
    expect(unborn.status).toBe(400);
    expect(unborn.body.errors[0].field).toBe('student.birthDate');
    const unknownKind = await system.api.call('POST', '/v1/enrollment-requests', { token: admin, body: { kind: 'readmission' } });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.errors[0].field).toBe('kind');
  });

  test('a request that keeps failing is FAILED with its reason, its dead letter is settled, and a redrive finishes it', async () => {
    // A stored request the consumer cannot process (its student has no legal name): a poison message.
    const requestId = '01JPOISONPOISONPOISONPOISN';
    const body = newEnrollmentBody(schoolId);
    const { legalName, ...nameless } = body.student;
    const documents = DynamoDBDocumentClient.from(system.runtime.dynamoClient);
    const createdAt = new Date().toISOString();
    const item = {
      ...keys.enrollmentRequest(requestId),
      ...keys.enrollmentRequestsOfSchool(schoolId, 'PENDING', createdAt, requestId),
      entity: 'enrollmentRequest',
      id: requestId,
      status: 'PENDING',
      schoolId,
      requestedBy: 'test',
      createdAt,
      updatedAt: createdAt,
      generation: 0,
      transitions: [{ status: 'PENDING', at: createdAt, by: 'test' }],
    };
    await documents.send(
      new PutCommand({ TableName: system.runtime.tableName, Item: { ...item, request: { ...body, student: nameless } } }),
    );
    const sqs = new SQSClient({ endpoint: system.runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const { queue, dlq } = system.runtime.queueNames('enrollment');
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: `${system.runtime.awsEndpoint}/000000000000/${queue}`,
        MessageBody: JSON.stringify({ requestId }),
      }),
    );
    await system.runtime.idle();

    const failed = await system.api.call('GET', `/v1/enrollment-requests/${requestId}`, {
      token: admin,
      skipContract: 'its stored request lacks the legal name on purpose',
    });
    expect(failed.body).toMatchObject({ status: 'FAILED', attempts: 5, lastError: expect.stringMatching(/last|undefined/) });
    // The dead letter reached the DLQ, whose consumer found the request FAILED already and left it so.
    expect(await system.runtime.deadLetters()).toEqual({});
    expect(failed.body.transitions.filter((transition: { status: string }) => transition.status === 'FAILED')).toHaveLength(1);

    // The data is repaired, then the redrive queues the FAILED request again and it is processed.
    await documents.send(
      new UpdateCommand({
        TableName: system.runtime.tableName,
        Key: keys.enrollmentRequest(requestId),
        UpdateExpression: 'SET #request = :request',
        ExpressionAttributeNames: { '#request': 'request' },
        ExpressionAttributeValues: { ':request': { ...body, student: { ...nameless, legalName } } },
      }),
    );
    expect((await redrive(sqs, localQueueArn(dlq))).waiting).toBe(0);
    const queueUrl = `${system.runtime.awsEndpoint}/000000000000/${queue}`;
    expect(await requeueFailedEnrollments(system.runtime.dynamoClient, system.runtime.tableName, sqs, queueUrl)).toBe(1);
    await system.runtime.idle();
    const done = await system.api.call('GET', `/v1/enrollment-requests/${requestId}`, { token: admin });
    expect(done.body).toMatchObject({ status: 'ENROLLED' });
    expect(done.body.lastError).toBeUndefined();
    expect(await system.runtime.deadLetters()).toEqual({});
    sqs.destroy();
  });
});
