import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { localQueueArn } from '../../infra/local/local-queues';
import { redrive, requeueFailedEnrollments } from '../../infra/ops/redrive';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody } from '../support/fixtures';
import { seedSchool, seedSchoolYear, storeServices } from '../support/seed';

/**
 * Enrollment through the intake queue: a family's request answered at once and settled by the
 * consumer, duplicates submitted at once, and a request that keeps failing, its dead letter and its
 * redrive. The rules of enrollment (rejections, transfers, withdrawals, merges, bad input) are the
 * use-case tier's (test/use-cases/enrollment/). The schools are made through the store.
 */
describe('enrollment', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;

  beforeAll(async () => {
    system = await startTestSystem('enrollment', { retryDelaySeconds: 1 });
    admin = system.api.token('district_admin');
    const services = storeServices(system.runtime);
    schoolId = (await seedSchool(services, { name: 'Roosevelt Elementary' })).id;
    await seedSchoolYear(services, schoolId);
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
