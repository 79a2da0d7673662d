import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../../../domain/keys';
import { TABLE } from '../../../domain/table';
import type { Principal } from '../../../domain/principal';
import { COUNSELING, HEALTH, PLANS } from '../../../domain/records/confidential-types';
import { guardianType } from '../../../domain/records/record-types';
import { FUNCTIONS } from '../../../functions/manifest';
import { childHealth } from '../../../functions/use-cases/confidential/health-views';
import { immunizationStatusWrites } from '../../../functions/use-cases/confidential/immunization-status';
import { readConfidential } from '../../../functions/use-cases/confidential/read-confidential';
import { readerOf } from '../../../functions/use-cases/confidential/record-access';
import {
  createConfidential,
  deleteConfidential,
  restoreConfidential,
  updateConfidential,
} from '../../../functions/use-cases/confidential/write-confidential';
import { updateMe } from '../../../functions/use-cases/family/family';
import { readNotification, setMyPreferences } from '../../../functions/use-cases/notifications/family-notices';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { counselingNoteBody, planBody } from '../../support/access-matrix/district';
import { guardianBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { firstGuardianOf, seedHighSchool, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { recordingServices, refusedBy } from '../../support/written-partitions';

/**
 * The partitions the family-facing and confidential functions really write, against the
 * `dynamodb:LeadingKeys` patterns their manifest entries grant (decision 0135). DynamoDB Local does
 * not enforce IAM: a pattern that misses a write would pass every other test here and fail every
 * such write in AWS, so the writes are recorded and matched.
 */
describe('what the narrowed functions write stays inside the partitions IAM lets them write', () => {
  let world: UseCaseServices;
  let schoolId: string;
  /** A write made with a retry token, as the API makes it when the client sends an Idempotency-Key. */
  const retryable = (principal: Principal, token: string) => ({
    principal,
    idempotency: { key: keys.idempotency(principal.sub, token), fingerprint: token },
  });

  beforeAll(async () => {
    world = await useCaseServices('custody');
    schoolId = await seedHighSchool(world.services, 'Parkside High', { gradeLevels: ['09'] });
  });
  afterAll(() => world?.drop());

  test("a parent's profile, preferences and inbox writes are all within the parents function's partitions", async () => {
    const admin = as.districtAdmin();
    const guardian = (await createRecord(world.services, guardianType, {}, guardianBody(), by(admin))).result.record;
    const parent = as.parent(guardian.id as string);
    const notice = {
      notificationId: '01JCUSTODY0000000000000001',
      guardianId: parent.guardianId!,
      studentId: '01JCUSTODYSTUDENT000000001',
      kind: 'absence' as const,
      language: 'en',
      subject: 'Absence',
      body: 'Marked absent in period 1',
      occurredAt: '2026-09-02T09:00:00Z',
      createdAt: '2026-09-02T09:00:01Z',
    };
    await world.services.notifications.writeInbox(notice, {
      eventId: notice.notificationId,
      guardianId: notice.guardianId,
      studentId: notice.studentId,
      channel: 'inbox',
      kind: notice.kind,
      language: 'en',
      occurredAt: notice.occurredAt,
      status: 'sent',
      createdAt: notice.createdAt,
    });

    const { services, written } = recordingServices(world);
    await updateMe(services, { email: 'new.address@example.com' }, 1, retryable(parent, 'profile-1'));
    await setMyPreferences(services, parent, { language: 'es' }, undefined);
    expect(await readNotification(services, parent, notice.notificationId)).toMatchObject({ readAt: expect.any(String) });

    // Each kind of write was seen (profile with its history and retry record, preferences, inbox), and none is refused.
    expect(written).toEqual(
      expect.arrayContaining([
        `GUARDIAN#${parent.guardianId}`,
        `GUARDIAN#${parent.guardianId}#INBOX`,
        `IDEMPOTENCY#${parent.sub}#profile-1`,
      ]),
    );
    expect(refusedBy(FUNCTIONS.parents.writes, written)).toEqual([]);
  });

  test("a nurse's and a counselor's writes and reads (which log the access) stay within their own function's partitions, and no access entry expires", async () => {
    const [studentId] = (await seedStudents(world.services, schoolId, 1)) as [string];
    const guardianId = await firstGuardianOf(world.services, studentId);
    const nurse = as.nurse(schoolId);
    const counselor = as.counselor(schoolId);

    const health = recordingServices(world);
    const allergy = await createConfidential(
      health.services,
      HEALTH,
      studentId,
      { kind: 'condition', category: 'allergy', name: 'Peanut allergy', severity: 'severe', alert: 'Peanuts', date: '2026-08-20' },
      retryable(nurse, 'allergy-1'),
      immunizationStatusWrites,
    );
    await createConfidential(
      health.services,
      HEALTH,
      studentId,
      { kind: 'immunization', vaccine: 'MMR', doseNumber: 1, date: '2015-06-01', source: 'County clinic' },
      by(nurse),
      immunizationStatusWrites,
    );
    const allergyIds = { studentId, recordId: allergy.result.ids.recordId };
    await readConfidential(health.services, HEALTH, allergyIds, readerOf(nurse, undefined));
    await childHealth(health.services, readerOf(as.parent(guardianId), undefined), studentId);
    await deleteConfidential(health.services, HEALTH, allergyIds, 1, by(nurse, 'entered twice'), immunizationStatusWrites);
    expect(health.written).toEqual(expect.arrayContaining([`STUDENT#${studentId}#HEALTH`, `STUDENT#${studentId}#ACCESSLOG`]));
    expect(refusedBy(FUNCTIONS.healthRecords.writes, health.written)).toEqual([]);

    const counseling = recordingServices(world);
    const note = await createConfidential(counseling.services, COUNSELING, studentId, counselingNoteBody(), retryable(counselor, 'note-1'));
    const noteIds = { studentId, recordId: note.result.ids.recordId };
    await updateConfidential(
      counseling.services,
      COUNSELING,
      noteIds,
      { patch: { text: 'Settling in well' }, expectedVersion: 1 },
      by(counselor),
    );
    await deleteConfidential(counseling.services, COUNSELING, noteIds, 2, by(counselor, 'wrong student'));
    await restoreConfidential(counseling.services, COUNSELING, noteIds, {}, by(counselor, 'right student after all'));
    await createConfidential(counseling.services, PLANS, studentId, planBody(), by(counselor));
    await readConfidential(counseling.services, COUNSELING, noteIds, readerOf(counselor, undefined));
    expect(counseling.written).toEqual(
      expect.arrayContaining([`STUDENT#${studentId}#COUNSELING`, `STUDENT#${studentId}#PLAN`, `STUDENT#${studentId}#ACCESSLOG`]),
    );
    expect(refusedBy(FUNCTIONS.counseling.writes, counseling.written)).toEqual([]);
    // Neither may write the other's records: the patterns keep each to its own kind.
    expect(refusedBy(FUNCTIONS.healthRecords.writes, counseling.written)).toContain(`STUDENT#${studentId}#COUNSELING`);
    expect(refusedBy(FUNCTIONS.counseling.writes, health.written)).toContain(`STUDENT#${studentId}#HEALTH`);

    // FERPA's record of access is kept as long as the records it covers (34 CFR 99.32(a)(2)): no entry expires.
    const logged = await world.table.client.send(
      new QueryCommand({
        TableName: world.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.accessLogOfStudent(studentId) } },
      }),
    );
    const entries = (logged.Items ?? []).map((item) => unmarshall(item));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const entry of entries) expect(entry).not.toHaveProperty(TABLE.timeToLiveAttribute);
  });
});
