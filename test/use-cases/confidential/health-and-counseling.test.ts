import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Forbidden, Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { TABLE } from '../../../domain/table';
import type { Principal } from '../../../domain/principal';
import { COUNSELING, HEALTH, PLANS } from '../../../domain/records/confidential-types';
import { childAccessLog, studentAccessLog } from '../../../functions/use-cases/confidential/access-log';
import { childHealth, healthAlerts } from '../../../functions/use-cases/confidential/health-views';
import { immunizationStatusWrites, schoolImmunizationStatus } from '../../../functions/use-cases/confidential/immunization-status';
import { childPlans, planReviews, studentAccommodations } from '../../../functions/use-cases/confidential/plan-views';
import { confidentialHistory, listConfidential, readConfidential } from '../../../functions/use-cases/confidential/read-confidential';
import { readerOf } from '../../../functions/use-cases/confidential/record-access';
import {
  createConfidential,
  deleteConfidential,
  restoreConfidential,
  updateConfidential,
} from '../../../functions/use-cases/confidential/write-confidential';
import { as, by } from '../../support/principals';
import {
  firstGuardianOf,
  seedCourse,
  seedHighSchool,
  seedRoster,
  seedSchool,
  seedSection,
  seedStaff,
  seedStudents,
} from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Health, counseling and special-education records: a nurse records an allergy and a visit; a
 * teacher of the student sees only the alert; a counselor of another school is refused; the
 * guardian reads the record of access and finds the nurse's reads; the stored items hold
 * ciphertext. Counselors' notes and plans with their history; a school's immunization list.
 */
describe('health and counseling records', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let otherSchoolId: string;
  const read = (principal: Principal, purpose?: string) => readerOf(principal, purpose);

  /** A ninth grader of the school and the guardian linked at enrollment. */
  async function enrolledChild() {
    const [studentId] = (await seedStudents(world.services, schoolId, 1)) as [string];
    return { studentId, guardianId: await firstGuardianOf(world.services, studentId) };
  }

  /** A teacher with a Biology section that has the student on its roster. */
  async function teacherOf(studentId: string): Promise<Principal> {
    const staffId = await seedStaff(world.services, [schoolId]);
    const courseId = await seedCourse(world.services, schoolId, `BIO${studentId.slice(-4)}`, { title: 'Biology', subject: 'science' });
    const sectionId = await seedSection(world.services, schoolId, courseId, {
      meetings: [{ period: 'P1', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId, role: 'primary' }],
    });
    await seedRoster(world.services, sectionId, [studentId]);
    return as.teacher(staffId, schoolId);
  }

  beforeAll(async () => {
    world = await useCaseServices('health');
    schoolId = await seedHighSchool(world.services, 'Parkside High', { gradeLevels: ['09'] });
    otherSchoolId = (await seedSchool(world.services, { name: 'Hillcrest High', type: 'high', gradeLevels: ['09'] })).id;
  });
  afterAll(() => world?.drop());

  test('a nurse records an allergy and a visit; the teacher sees only the alert; the guardian finds the reads in the access log; the item is ciphertext', async () => {
    const { services } = world;
    const { studentId, guardianId } = await enrolledChild();
    const nurse = as.nurse(schoolId, 'NURSE-1');
    const teacher = await teacherOf(studentId);
    const otherCounselor = as.counselor(otherSchoolId, 'COUNSELOR-9');
    const parent = as.parent(guardianId);
    const record = (body: unknown, principal = nurse) =>
      createConfidential(services, HEALTH, studentId, body, by(principal), immunizationStatusWrites);

    // The nurse records an allergy with its alert, and an office visit.
    const allergy = await record({
      kind: 'condition',
      category: 'allergy',
      name: 'Peanut allergy',
      severity: 'life-threatening',
      emergencyActionPlan: 'EpiPen in the front pocket of the backpack; call 911',
      alert: 'Severe peanut allergy',
      date: '2026-08-20',
      nurseNotes: 'Mother reports two ER visits in 2025',
    });
    expect(allergy.result.record).toMatchObject({ studentId, schoolId, kind: 'condition', hasAlert: true, version: 1 });
    expect(JSON.stringify(allergy.result.record)).not.toContain('eanut');
    const allergyId = allergy.result.ids.recordId;
    await record({
      kind: 'visit',
      timeIn: '2026-09-02T10:15:00Z',
      timeOut: '2026-09-02T10:40:00Z',
      complaint: 'Itchy throat after lunch',
      treatment: 'Observed; no reaction developed',
      outcome: 'returned-to-class',
    });

    // The nurse reads the record (twice: the list and one item), stating a purpose once.
    const list = await listConfidential(services, HEALTH, studentId, { limit: 25 }, read(nurse, 'daily medication round'));
    expect(list.items.map((item) => item.kind).sort()).toEqual(['condition', 'visit']);
    const one = await readConfidential(services, HEALTH, { studentId, recordId: allergyId }, read(nurse));
    expect(one.record).toMatchObject({ name: 'Peanut allergy', nurseNotes: 'Mother reports two ER visits in 2025' });

    // The teacher sees the alert, and nothing else of the record.
    expect(await healthAlerts(services, studentId, read(teacher))).toEqual({
      studentId,
      alerts: [
        {
          recordId: allergyId,
          alert: 'Severe peanut allergy',
          severity: 'life-threatening',
          emergencyActionPlan: 'EpiPen in the front pocket of the backpack; call 911',
        },
      ],
    });
    await expect(listConfidential(services, HEALTH, studentId, { limit: 25 }, read(teacher))).rejects.toBeInstanceOf(Forbidden);
    // A teacher of the school who does not teach the student sees no alerts either; a purpose too short is refused.
    await expect(healthAlerts(services, studentId, read(as.teacher('TEACHER-X', schoolId)))).rejects.toBeInstanceOf(Forbidden);
    expect(() => read(teacher, 'x')).toThrow(Invalid);
    expect(() => read(teacher, 'x')).toThrow(/X-Access-Purpose/);
    await expect(readConfidential(services, HEALTH, { studentId, recordId: allergyId }, read(teacher))).rejects.toBeInstanceOf(Forbidden);

    // A counselor of another school is refused, for health records and counseling records alike.
    await expect(listConfidential(services, HEALTH, studentId, { limit: 25 }, read(otherCounselor))).rejects.toBeInstanceOf(Forbidden);
    await expect(listConfidential(services, COUNSELING, studentId, { limit: 25 }, read(otherCounselor))).rejects.toBeInstanceOf(Forbidden);
    const note = { kind: 'note', date: '2026-09-03', topic: 'Check-in', text: 'Should not be written' };
    await expect(createConfidential(services, COUNSELING, studentId, note, by(otherCounselor))).rejects.toBeInstanceOf(Forbidden);

    // The parent reads the child's health record, without the nurse's notes.
    const childRecords = await childHealth(services, read(parent), studentId);
    expect(childRecords.records).toHaveLength(2);
    expect(childRecords.records.find((entry) => entry.kind === 'condition')).toMatchObject({
      name: 'Peanut allergy',
      alert: 'Severe peanut allergy',
    });
    expect(JSON.stringify(childRecords)).not.toContain('ER visits');

    // The guardian reads the record of access: the nurse's reads (with the stated purpose), the teacher's, their own.
    const entries = (await childAccessLog(services, parent, studentId, { limit: 25 })).items as unknown as {
      role: string;
      purpose: string;
      what: { operation: string; recordIds: string[] };
      disclosure: boolean;
    }[];
    const nurseReads = entries.filter((entry) => entry.role === 'nurse');
    expect(nurseReads.map((entry) => entry.what.operation).sort()).toEqual(['list', 'read']);
    expect(nurseReads.find((entry) => entry.what.operation === 'list')).toMatchObject({
      purpose: 'daily medication round',
      disclosure: false,
    });
    expect(nurseReads.find((entry) => entry.what.operation === 'read')).toMatchObject({
      purpose: 'health services',
      what: { recordIds: [allergyId] },
    });
    expect(entries.find((entry) => entry.role === 'teacher')).toMatchObject({ what: { operation: 'alerts', recordIds: [allergyId] } });
    expect(entries.find((entry) => entry.role === 'parent')).toMatchObject({ disclosure: true });
    // Refused reads disclosed nothing, and are not in the log.
    expect(entries).toHaveLength(4);
    // The school's administrators read the same log; another family does not.
    expect((await studentAccessLog(services, studentId, { limit: 2 }, as.schoolAdmin(schoolId))).items).toHaveLength(2);
    const stranger = as.parent('01JZZZZZZZZZZZZZZZZZZZZZZZ');
    await expect(childAccessLog(services, stranger, studentId, { limit: 25 })).rejects.toBeInstanceOf(NotFound);
    await expect(childHealth(services, read(stranger), studentId)).rejects.toBeInstanceOf(NotFound);
    await expect(studentAccessLog(services, studentId, { limit: 25 }, teacher)).rejects.toBeInstanceOf(Forbidden);

    // The stored items (record, history, outbox) hold ciphertext, not the allergy.
    const raw = await world.table.client.send(
      new QueryCommand({
        TableName: world.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `STUDENT#${studentId}#HEALTH` } },
      }),
    );
    const items = (raw.Items ?? []).map((item) => unmarshall(item));
    expect(items.length).toBeGreaterThanOrEqual(4);
    const stored = items.find((item) => item.sk === `HEALTH#${allergyId}`)!;
    expect(stored.data.sealed).toMatchObject({ alg: 'AES-256-GCM', keyId: 'local', keyVersion: '1' });
    expect(stored.data.sealed.ct.length).toBeGreaterThan(40);
    expect(JSON.stringify(items)).not.toMatch(/eanut|EpiPen|ER visits|Itchy throat/);

    // The record of access is kept as long as the records (34 CFR 99.32(a)(2)): no entry carries an expiry.
    const log = await world.table.client.send(
      new QueryCommand({
        TableName: world.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.accessLogOfStudent(studentId) } },
      }),
    );
    expect(log.Items!.length).toBeGreaterThanOrEqual(4);
    for (const item of log.Items!) expect(item[TABLE.timeToLiveAttribute]).toBeUndefined();
  });

  test('counselors keep notes and a plan with history and restore; teachers see the accommodations, parents the plan but not the notes', async () => {
    const { services } = world;
    const { studentId, guardianId } = await enrolledChild();
    const counselor = as.counselor(schoolId, 'COUNSELOR-1');
    const teacher = await teacherOf(studentId);
    const parent = as.parent(guardianId);

    await createConfidential(
      services,
      COUNSELING,
      studentId,
      { kind: 'note', date: '2026-09-03', topic: 'Family situation', text: 'Parents separating; student anxious before tests' },
      by(counselor),
    );
    const plan = await createConfidential(
      services,
      PLANS,
      studentId,
      {
        kind: '504',
        startDate: '2026-09-01',
        endDate: '2027-06-15',
        caseManager: 'Ms. Rivera',
        reviewDue: '2027-03-01',
        services: [{ service: 'Counseling check-in', minutesPerWeek: 30 }],
        accommodations: ['Extended time on tests (1.5x)', 'Seat near the door'],
        counselorNotes: 'Anxiety diagnosis on file',
      },
      by(counselor),
    );
    const ids = { studentId, recordId: plan.result.ids.recordId };

    // A change, then a restore of the first version: history keeps every version.
    await updateConfidential(
      services,
      PLANS,
      ids,
      { patch: { accommodations: ['Seat near the door'] }, expectedVersion: 1 },
      by(counselor),
    );
    expect((await deleteConfidential(services, PLANS, ids, undefined, by(counselor))).result.record.deletedAt).toBeDefined();
    const restored = await restoreConfidential(services, PLANS, ids, { version: 1 }, by(counselor, 'Changed in error'));
    expect(restored.result.version).toBe(4);
    const history = await confidentialHistory(services, PLANS, ids, { limit: 25 }, read(counselor));
    expect(history.items.map((entry) => entry.action)).toEqual(['Restored', 'Deleted', 'Updated', 'Created']);
    expect((history.items[0]!.record as { accommodations: string[] }).accommodations).toEqual([
      'Extended time on tests (1.5x)',
      'Seat near the door',
    ]);

    // The teacher sees the accommodations only; not the notes, not the plan.
    const accommodations = await studentAccommodations(services, studentId, read(teacher));
    expect(accommodations.plans).toEqual([
      expect.objectContaining({ kind: '504', accommodations: ['Extended time on tests (1.5x)', 'Seat near the door'] }),
    ]);
    expect(JSON.stringify(accommodations)).not.toContain('Anxiety');
    await expect(readConfidential(services, PLANS, ids, read(teacher))).rejects.toBeInstanceOf(Forbidden);
    await expect(listConfidential(services, COUNSELING, studentId, { limit: 25 }, read(teacher))).rejects.toBeInstanceOf(Forbidden);

    // The parent sees the plan without the case manager's notes, and no counseling notes at all.
    const childView = await childPlans(services, read(parent), studentId);
    expect(childView.plans).toEqual([expect.objectContaining({ kind: '504', caseManager: 'Ms. Rivera' })]);
    expect(JSON.stringify(childView)).not.toContain('Anxiety');

    // The school's review-due list names the plan, by date, without its contents.
    expect((await planReviews(services, schoolId, { limit: 25, dueBy: '2027-03-31' }, read(counselor))).items).toContainEqual({
      studentId,
      recordId: ids.recordId,
      kind: '504',
      reviewDue: '2027-03-01',
    });
    expect((await planReviews(services, schoolId, { limit: 25, dueBy: '2027-02-01' }, read(counselor))).items).not.toContainEqual(
      expect.objectContaining({ recordId: ids.recordId }),
    );

    // Bad input names the field.
    const bad = await createConfidential(services, PLANS, studentId, { kind: '504', startDate: '2026-09-01' }, by(counselor)).catch(
      (error: unknown) => error,
    );
    expect(bad).toBeInstanceOf(Invalid);
    expect((bad as Invalid).issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'endDate' })]));
  });

  test("an immunization keeps the student on the school's non-compliant list until the series is complete", async () => {
    const { services } = world;
    const { studentId } = await enrolledChild();
    const nurse = as.nurse(schoolId, 'NURSE-1');
    const list = async (status: 'non-compliant' | 'compliant' = 'non-compliant') =>
      (await schoolImmunizationStatus(services, schoolId, { limit: 100, status }, read(nurse))).items;
    const dose = async (vaccine: string, doseNumber: number) =>
      (
        await createConfidential(
          services,
          HEALTH,
          studentId,
          { kind: 'immunization', vaccine, doseNumber, date: '2020-05-01', source: 'County clinic' },
          by(nurse),
          immunizationStatusWrites,
        )
      ).result.ids.recordId;
    await dose('MMR', 1);
    expect((await list()).map((entry) => entry.studentId)).toContain(studentId);

    // A ninth grader needs Polio ×4, MMR ×2, HepB ×3, Varicella ×2 and Tdap ×1 (the district's rule set).
    for (const [vaccine, count] of [
      ['Polio', 4],
      ['HepB', 3],
      ['Varicella', 2],
      ['Tdap', 1],
    ] as const)
      for (let number = 1; number <= count; number += 1) await dose(vaccine, number);
    const last = await dose('MMR', 2);
    expect((await list()).map((entry) => entry.studentId)).not.toContain(studentId);
    expect(await list('compliant')).toContainEqual(expect.objectContaining({ studentId, status: 'compliant' }));

    // Deleting a dose puts the student back on the list.
    await deleteConfidential(services, HEALTH, { studentId, recordId: last }, undefined, by(nurse), immunizationStatusWrites);
    expect((await list()).map((entry) => entry.studentId)).toContain(studentId);
    // Teachers do not read the list.
    await expect(
      schoolImmunizationStatus(services, schoolId, { limit: 100, status: 'non-compliant' }, read(as.teacher('T', schoolId))),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
