import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { bearerCall } from '../support/api';
import { schoolBody, schoolYearBody, staffBody } from '../support/fixtures';
import { biologySection, enrolledNinthGrader } from '../support/steps';

/**
 * Health, counseling and special-education records as the "Done when" tries them: a
 * nurse records an allergy and a visit; a teacher of the student sees only the alert; a counselor
 * of another school is refused; the guardian reads the record of access and finds the nurse's
 * reads; the raw item in DynamoDB Local holds ciphertext, not the allergy.
 */
describe('health and counseling records', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let otherSchoolId: string;

  const call = bearerCall(() => system.api);
  const enrolledChild = () => enrolledNinthGrader(system, admin, schoolId);

  async function teacherOf(studentId: string): Promise<string> {
    const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId], { email: `t${Date.now()}@district.example` }));
    const section = await biologySection(system, admin, schoolId, teacher.body.id, {
      code: `BIO${Date.now() % 1000}`,
      days: ['MON', 'WED', 'FRI'],
    });
    expect((await call('PUT', `/v1/sections/${section.body.id}/students/${studentId}`, admin, {})).status).toBe(200);
    return system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] });
  }

  beforeAll(async () => {
    system = await startTestSystem('health');
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Parkside High', type: 'high', gradeLevels: ['09'] }))).body.id;
    otherSchoolId = (
      await call('POST', '/v1/schools', admin, schoolBody({ name: 'Hillcrest High', code: 'HCH', type: 'high', gradeLevels: ['09'] }))
    ).body.id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
    await call('POST', `/v1/schools/${schoolId}/bell-schedules`, admin, {
      name: 'Regular day',
      isDefault: true,
      periods: [{ code: 'P1', name: 'First period', startTime: '08:00', endTime: '08:50' }],
    });
  });
  afterAll(() => system?.stop());

  test('a nurse records an allergy and a visit; the teacher sees only the alert; the guardian finds the reads in the access log; the item is ciphertext', async () => {
    const { studentId, guardianId } = await enrolledChild();
    const nurse = system.api.token('nurse', { staffId: 'NURSE-1', schoolIds: [schoolId] });
    const teacher = await teacherOf(studentId);
    const otherCounselor = system.api.token('counselor', { staffId: 'COUNSELOR-9', schoolIds: [otherSchoolId] });
    const parent = system.api.token('parent', { guardianId });

    // The nurse records an allergy with its alert, and an office visit.
    const allergy = await call('POST', `/v1/students/${studentId}/health-records`, nurse, {
      kind: 'condition',
      category: 'allergy',
      name: 'Peanut allergy',
      severity: 'life-threatening',
      emergencyActionPlan: 'EpiPen in the front pocket of the backpack; call 911',
      alert: 'Severe peanut allergy',
      date: '2026-08-20',
      nurseNotes: 'Mother reports two ER visits in 2025',
    });
    expect(allergy.status).toBe(201);
    expect(allergy.body).toMatchObject({ studentId, schoolId, kind: 'condition', hasAlert: true, version: 1 });
    expect(JSON.stringify(allergy.body)).not.toContain('eanut');
    const visit = await call('POST', `/v1/students/${studentId}/health-records`, nurse, {
      kind: 'visit',
      timeIn: '2026-09-02T10:15:00Z',
      timeOut: '2026-09-02T10:40:00Z',
      complaint: 'Itchy throat after lunch',
      treatment: 'Observed; no reaction developed',
      outcome: 'returned-to-class',
    });
    expect(visit.status).toBe(201);

    // The nurse reads the record (twice: the list and one item), stating a purpose once.
    const list = await call('GET', `/v1/students/${studentId}/health-records`, nurse, undefined, {
      'x-access-purpose': 'daily medication round',
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { kind: string }) => item.kind).sort()).toEqual(['condition', 'visit']);
    const read = await call('GET', `/v1/students/${studentId}/health-records/${allergy.body.id}`, nurse);
    expect(read.body).toMatchObject({ name: 'Peanut allergy', nurseNotes: 'Mother reports two ER visits in 2025' });

    // The teacher sees the alert, and nothing else of the record.
    const alerts = await call('GET', `/v1/students/${studentId}/health/alerts`, teacher);
    expect(alerts.status).toBe(200);
    expect(alerts.body).toEqual({
      studentId,
      alerts: [
        {
          recordId: allergy.body.id,
          alert: 'Severe peanut allergy',
          severity: 'life-threatening',
          emergencyActionPlan: 'EpiPen in the front pocket of the backpack; call 911',
        },
      ],
    });
    expect((await call('GET', `/v1/students/${studentId}/health-records`, teacher)).status).toBe(403);
    // A teacher of the school who does not teach the student sees no alerts either; a purpose too short is refused.
    const notTheirTeacher = system.api.token('teacher', { staffId: 'TEACHER-X', schoolIds: [schoolId] });
    expect((await call('GET', `/v1/students/${studentId}/health/alerts`, notTheirTeacher)).status).toBe(403);
    const noPurpose = await call('GET', `/v1/students/${studentId}/health/alerts`, teacher, undefined, { 'x-access-purpose': 'x' });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Purpose' })]);
    expect((await call('GET', `/v1/students/${studentId}/health-records/${allergy.body.id}`, teacher)).status).toBe(403);

    // A counselor of another school is refused, for health records and counseling records alike.
    expect((await call('GET', `/v1/students/${studentId}/health-records`, otherCounselor)).status).toBe(403);
    expect((await call('GET', `/v1/students/${studentId}/counseling-records`, otherCounselor)).status).toBe(403);
    expect(
      (
        await call('POST', `/v1/students/${studentId}/counseling-records`, otherCounselor, {
          kind: 'note',
          date: '2026-09-03',
          topic: 'Check-in',
          text: 'Should not be written',
        })
      ).status,
    ).toBe(403);

    // The parent reads the child's health record, without the nurse's notes.
    const childHealth = await call('GET', `/v1/me/children/${studentId}/health`, parent);
    expect(childHealth.status).toBe(200);
    expect(childHealth.body.records).toHaveLength(2);
    expect(childHealth.body.records.find((record: { kind: string }) => record.kind === 'condition')).toMatchObject({
      name: 'Peanut allergy',
      alert: 'Severe peanut allergy',
    });
    expect(JSON.stringify(childHealth.body)).not.toContain('ER visits');

    // The guardian reads the record of access: the nurse's reads (with the stated purpose), the teacher's, their own.
    const log = await call('GET', `/v1/me/children/${studentId}/access-log`, parent);
    expect(log.status).toBe(200);
    const entries = log.body.items as {
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
      what: { recordIds: [allergy.body.id] },
    });
    expect(entries.find((entry) => entry.role === 'teacher')).toMatchObject({
      what: { operation: 'alerts', recordIds: [allergy.body.id] },
    });
    expect(entries.find((entry) => entry.role === 'parent')).toMatchObject({ disclosure: true });
    // Refused reads disclosed nothing, and are not in the log.
    expect(entries).toHaveLength(4);
    // The school's administrators read the same log; another family does not.
    const schoolAdmin = system.api.token('school_admin', { schoolIds: [schoolId] });
    expect((await call('GET', `/v1/students/${studentId}/access-log?limit=2`, schoolAdmin)).body.items).toHaveLength(2);
    const stranger = system.api.token('parent', { guardianId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect((await call('GET', `/v1/me/children/${studentId}/access-log`, stranger)).status).toBe(404);
    expect((await call('GET', `/v1/me/children/${studentId}/health`, stranger)).status).toBe(404);
    expect((await call('GET', `/v1/students/${studentId}/access-log`, teacher)).status).toBe(403);

    // The raw items (record, history, outbox) hold ciphertext, not the allergy.
    const raw = await system.runtime.dynamoClient.send(
      new QueryCommand({
        TableName: system.runtime.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `STUDENT#${studentId}#HEALTH` } },
      }),
    );
    const items = (raw.Items ?? []).map((item) => unmarshall(item));
    expect(items.length).toBeGreaterThanOrEqual(4);
    const stored = items.find((item) => item.sk === `HEALTH#${allergy.body.id}`)!;
    expect(stored.data.sealed).toMatchObject({ alg: 'AES-256-GCM', keyId: 'local', keyVersion: '1' });
    expect(stored.data.sealed.ct.length).toBeGreaterThan(40);
    expect(JSON.stringify(items)).not.toMatch(/eanut|EpiPen|ER visits|Itchy throat/);
  });

  test('counselors keep notes and a plan with history and restore; teachers see the accommodations, parents the plan but not the notes', async () => {
    const { studentId, guardianId } = await enrolledChild();
    const counselor = system.api.token('counselor', { staffId: 'COUNSELOR-1', schoolIds: [schoolId] });
    const teacher = await teacherOf(studentId);
    const parent = system.api.token('parent', { guardianId });

    const note = await call('POST', `/v1/students/${studentId}/counseling-records`, counselor, {
      kind: 'note',
      date: '2026-09-03',
      topic: 'Family situation',
      text: 'Parents separating; student anxious before tests',
    });
    expect(note.status).toBe(201);
    const plan = await call('POST', `/v1/students/${studentId}/plans`, counselor, {
      kind: '504',
      startDate: '2026-09-01',
      endDate: '2027-06-15',
      caseManager: 'Ms. Rivera',
      reviewDue: '2027-03-01',
      services: [{ service: 'Counseling check-in', minutesPerWeek: 30 }],
      accommodations: ['Extended time on tests (1.5x)', 'Seat near the door'],
      counselorNotes: 'Anxiety diagnosis on file',
    });
    expect(plan.status).toBe(201);

    // A change, then a restore of the first version: history keeps every version.
    const changed = await call(
      'PATCH',
      `/v1/students/${studentId}/plans/${plan.body.id}`,
      counselor,
      { accommodations: ['Seat near the door'] },
      {
        'if-match': '"1"',
      },
    );
    expect(changed.status).toBe(200);
    const deleted = await call('DELETE', `/v1/students/${studentId}/plans/${plan.body.id}`, counselor);
    expect(deleted.body.deletedAt).toBeDefined();
    const restored = await call('POST', `/v1/students/${studentId}/plans/${plan.body.id}/restore`, counselor, {
      version: 1,
      reason: 'Changed in error',
    });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(4);
    const history = await call('GET', `/v1/students/${studentId}/plans/${plan.body.id}/history`, counselor);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['Restored', 'Deleted', 'Updated', 'Created']);
    expect(history.body.items[0].record.accommodations).toEqual(['Extended time on tests (1.5x)', 'Seat near the door']);

    // The teacher sees the accommodations only; not the notes, not the plan.
    const accommodations = await call('GET', `/v1/students/${studentId}/accommodations`, teacher);
    expect(accommodations.body.plans).toEqual([
      expect.objectContaining({ kind: '504', accommodations: ['Extended time on tests (1.5x)', 'Seat near the door'] }),
    ]);
    expect(JSON.stringify(accommodations.body)).not.toContain('Anxiety');
    expect((await call('GET', `/v1/students/${studentId}/plans/${plan.body.id}`, teacher)).status).toBe(403);
    expect((await call('GET', `/v1/students/${studentId}/counseling-records`, teacher)).status).toBe(403);

    // The parent sees the plan without the case manager's notes, and no counseling notes at all.
    const childPlans = await call('GET', `/v1/me/children/${studentId}/plans`, parent);
    expect(childPlans.body.plans).toEqual([expect.objectContaining({ kind: '504', caseManager: 'Ms. Rivera' })]);
    expect(JSON.stringify(childPlans.body)).not.toContain('Anxiety');

    // The school's review-due list names the plan, by date, without its contents.
    const reviews = await call('GET', `/v1/schools/${schoolId}/plan-reviews?dueBy=2027-03-31`, counselor);
    expect(reviews.body.items).toContainEqual({ studentId, recordId: plan.body.id, kind: '504', reviewDue: '2027-03-01' });
    expect((await call('GET', `/v1/schools/${schoolId}/plan-reviews?dueBy=2027-02-01`, counselor)).body.items).not.toContainEqual(
      expect.objectContaining({ recordId: plan.body.id }),
    );

    // Bad input names the field.
    const bad = await call('POST', `/v1/students/${studentId}/plans`, counselor, { kind: '504', startDate: '2026-09-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'endDate' })]));
  });

  test("an immunization keeps the student on the school's non-compliant list until the series is complete", async () => {
    const { studentId } = await enrolledChild();
    const nurse = system.api.token('nurse', { staffId: 'NURSE-1', schoolIds: [schoolId] });
    const list = async () =>
      ((await call('GET', `/v1/schools/${schoolId}/immunization-status?limit=100`, nurse)).body.items as { studentId: string }[]).map(
        (entry) => entry.studentId,
      );
    const dose = (vaccine: string, doseNumber: number) =>
      call('POST', `/v1/students/${studentId}/health-records`, nurse, {
        kind: 'immunization',
        vaccine,
        doseNumber,
        date: '2020-05-01',
        source: 'County clinic',
      });
    expect((await dose('MMR', 1)).status).toBe(201);
    expect(await list()).toContain(studentId);

    // A ninth grader needs Polio ×4, MMR ×2, HepB ×3, Varicella ×2 and Tdap ×1 (the district's rule set).
    for (const [vaccine, count] of [
      ['Polio', 4],
      ['HepB', 3],
      ['Varicella', 2],
      ['Tdap', 1],
    ] as const)
      for (let number = 1; number <= count; number += 1) await dose(vaccine, number);
    const last = await dose('MMR', 2);
    expect(last.status).toBe(201);
    expect(await list()).not.toContain(studentId);
    const compliant = await call('GET', `/v1/schools/${schoolId}/immunization-status?status=compliant&limit=100`, nurse);
    expect(compliant.body.items).toContainEqual(expect.objectContaining({ studentId, status: 'compliant' }));

    // Deleting a dose puts the student back on the list.
    expect((await call('DELETE', `/v1/students/${studentId}/health-records/${last.body.id}`, nurse)).status).toBe(200);
    expect(await list()).toContain(studentId);
    // Teachers do not read the list.
    expect(
      (
        await call(
          'GET',
          `/v1/schools/${schoolId}/immunization-status`,
          system.api.token('teacher', { staffId: 'T', schoolIds: [schoolId] }),
        )
      ).status,
    ).toBe(403);
  });
});
