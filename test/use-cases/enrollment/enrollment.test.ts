import { Conflict, Forbidden, Invalid } from '../../../domain/errors';
import { studentType } from '../../../domain/records/record-types';
import { getEnrollmentRequest, listEnrollmentRequests, listEnrollments } from '../../../functions/use-cases/enrollment/enrollment-requests';
import { EnrollmentProcessor } from '../../../functions/use-cases/enrollment/enroll-request';
import { resolveRequest } from '../../../functions/use-cases/enrollment/resolve-request';
import { submitIntake } from '../../../functions/use-cases/enrollment/submit-intake';
import { withdrawStudent } from '../../../functions/use-cases/enrollment/withdraw-student';
import { deleteStudent } from '../../../functions/use-cases/people/delete-student';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { listRecords } from '../../../functions/use-cases/records/list-records';
import { readRecord } from '../../../functions/use-cases/records/read-record';
import { newEnrollmentBody, studentBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { seedEnrollment, seedSchool, seedSchoolYear } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Enrollment's rules as registrars, counselors and families meet them: what is created, what is
 * refused and why, transfers, withdrawals, merges. The queue and its consumer are the e2e tier's
 * (test/e2e/enrollment.test.ts); here the processor runs as soon as a request is submitted.
 */
describe('enrollment', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let otherSchoolId: string;
  const admin = as.districtAdmin();
  const enroll = (body: unknown, principal = admin) => seedEnrollment(world.intake, body, principal);
  const guardiansOf = (studentId: string) =>
    listRecords(world.services, 'guardiansOfStudent', { studentId }, { limit: 10 }, admin, { resource: 'guardianLink', action: 'list' });

  async function openSchool(name: string, capacities: Record<string, number> = {}) {
    const school = await seedSchool(world.services, { name });
    await seedSchoolYear(world.services, school.id, { gradeCapacities: capacities });
    return school.id;
  }

  beforeAll(async () => {
    world = await useCaseServices('enrollment');
    schoolId = await openSchool('Roosevelt Elementary', { '02': 1 });
    otherSchoolId = await openSchool('Jefferson Elementary');
  });
  afterAll(() => world?.drop());

  test('a new child is enrolled with their student record, guardian link and enrollment for the year', async () => {
    const body = newEnrollmentBody(schoolId);

    const settled = await enroll(body, as.parent('01JZZZZZZZZZZZZZZZZZZZZZZZ'));

    expect(settled).toMatchObject({ status: 'ENROLLED', studentId: expect.any(String) });
    const student = await readRecord(world.services, studentType, { studentId: settled.studentId! }, admin);
    expect(student.record).toMatchObject({
      schoolId,
      gradeLevel: '01',
      legalName: body.student.legalName,
      districtStudentId: expect.stringMatching(/^26/),
    });
    expect((await guardiansOf(settled.studentId!)).items).toEqual([
      expect.objectContaining({ relationship: 'mother', educationalRights: true }),
    ]);
    expect((await listEnrollments(world.services, settled.studentId!, { limit: 10 }, admin)).items).toEqual([
      expect.objectContaining({ schoolId, schoolYear: '2026-2027', gradeLevel: '01', requestId: settled.id }),
    ]);
  });

  test('a counselor merges a possible duplicate into the existing student; a counselor of another school may not', async () => {
    const child = { legalName: { first: 'Amara', last: 'Okafor' }, birthDate: '2019-02-01', gender: 'female', homeLanguage: 'en' };
    // Registered directly by the school's registrar last spring, never enrolled for this year.
    const existing = (await createRecord(world.services, studentType, {}, studentBody(schoolId, { ...child, gradeLevel: '01' }), by(admin)))
      .result.record;
    const rejected = await enroll(newEnrollmentBody(schoolId, { student: child }));
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejection: { reasons: [{ code: 'possible-duplicate', candidates: [{ studentId: existing.id }] }] },
    });

    const counselor = as.counselor(schoolId);
    const worklist = await listEnrollmentRequests(world.services, schoolId, { status: 'REJECTED', limit: 50 }, counselor);
    expect(worklist.items.map((item) => item.id)).toContain(rejected.id);
    const merge = { action: 'merge', studentId: existing.id };
    await expect(resolveRequest(world.intake, rejected.id, merge, by(as.counselor(otherSchoolId)))).rejects.toBeInstanceOf(Forbidden);
    const resolved = await resolveRequest(world.intake, rejected.id, merge, by(counselor));
    expect(resolved.result).toMatchObject({ id: rejected.id, status: 'PENDING' });
    // The resolution queues the request again; the consumer then processes it.
    expect(world.intake.queue.drain()).toContainEqual(expect.objectContaining({ requestId: rejected.id }));
    await new EnrollmentProcessor(world.services).process(rejected.id);

    expect(await getEnrollmentRequest(world.services, rejected.id, counselor)).toMatchObject({
      status: 'ENROLLED',
      studentId: existing.id,
    });
    expect((await readRecord(world.services, studentType, { studentId: existing.id as string }, admin)).record).toMatchObject({
      schoolId,
      version: 2,
    });
    expect((await guardiansOf(existing.id as string)).items).toHaveLength(1);
  });

  test('a full grade, a missing school year and a missing guardian are rejected with reasons', async () => {
    expect((await enroll(newEnrollmentBody(schoolId, { gradeLevel: '02' }))).status).toBe('ENROLLED');
    const full = await enroll(newEnrollmentBody(schoolId, { gradeLevel: '02' }));
    expect(full).toMatchObject({ status: 'REJECTED', rejection: { reasons: [{ code: 'grade-full' }] } });

    const noYear = await enroll(newEnrollmentBody(schoolId, { schoolYear: '2030-2031', entryDate: '2030-08-26' }));
    expect(noYear.rejection!.reasons.map((reason) => reason.code)).toContain('school-not-open');

    const orphan = await enroll(newEnrollmentBody(schoolId, { guardians: [] }));
    expect(orphan.rejection!.reasons.map((reason) => reason.code)).toEqual(['missing-guardian']);
  });

  test('a transfer ends the old enrollment and frees its seat in the same transaction; a withdrawal ends the new one', async () => {
    const mover = await enroll(newEnrollmentBody(otherSchoolId, { gradeLevel: '02' }));
    expect(mover.status).toBe('ENROLLED');
    const studentId = mover.studentId!;
    const transfer = await enroll({
      kind: 'transfer',
      studentId,
      schoolId,
      schoolYear: '2026-2027',
      gradeLevel: '03',
      entryDate: '2026-10-05',
    });
    expect(transfer).toMatchObject({ status: 'ENROLLED', studentId });
    const history = await listEnrollments(world.services, studentId, { limit: 10 }, admin);
    const bySchool = Object.fromEntries(history.items.map((item) => [item.schoolId, item]));
    expect(bySchool[otherSchoolId]).toMatchObject({ exitDate: '2026-10-04', exitReason: 'transfer' });
    expect(bySchool[schoolId]!.exitDate).toBeUndefined();

    // An enrolled student's record is not deleted out from under their seat.
    const early = deleteStudent(world.services, studentId, undefined, by(admin));
    await expect(early).rejects.toBeInstanceOf(Conflict);
    await expect(early).rejects.toThrow(/withdraw/);

    const withdrawal = { schoolYear: '2026-2027', exitDate: '2026-12-18', reasonCode: 'moved-out-of-district' };
    const withdrawn = await withdrawStudent(world.services, studentId, withdrawal, by(admin));
    expect(withdrawn.result).toMatchObject({ schoolId, exitDate: '2026-12-18', exitReason: 'moved-out-of-district' });
    await expect(withdrawStudent(world.services, studentId, withdrawal, by(admin))).rejects.toBeInstanceOf(Conflict);
    expect((await deleteStudent(world.services, studentId, undefined, by(admin))).result.record.deletedAt).toBeDefined();
  });

  test('a transfer that describes the existing guardian again links them instead of creating a second record', async () => {
    const child = await enroll(newEnrollmentBody(otherSchoolId));
    const [existing] = (await guardiansOf(child.studentId!)).items as { guardianId: string }[];
    const transfer = await enroll({
      kind: 'transfer',
      studentId: child.studentId,
      schoolId,
      schoolYear: '2026-2027',
      gradeLevel: '01',
      entryDate: '2026-11-02',
      guardians: [
        {
          // The same mother as on file, typed differently: same name and e-mail.
          guardian: { name: { first: 'LAN', last: 'nguyen' }, email: 'Lan.Nguyen@Example.com', preferredLanguage: 'vi' },
          link: { relationship: 'mother', custody: true, educationalRights: true, livesWith: true },
        },
        {
          // Same name, different contact details: another person, created.
          guardian: { name: { first: 'Lan', last: 'Nguyen' }, email: 'other.lan@example.com', preferredLanguage: 'vi' },
          link: { relationship: 'relative', custody: false, educationalRights: false, livesWith: false },
        },
      ],
    });
    expect(transfer.status).toBe('ENROLLED');
    const links = (await guardiansOf(child.studentId!)).items as { guardianId: string }[];
    expect(links).toHaveLength(2);
    expect(links.map((link) => link.guardianId)).toContain(existing!.guardianId);
  });

  test('a parent cannot transfer, or attach themselves to, a child who is not theirs', async () => {
    const child = await enroll(newEnrollmentBody(schoolId));
    const stranger = as.parent('01JZZZZZZZZZZZZZZZZZZZZZZZ');
    const hijack = {
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
    };
    world.intake.queue.drain();

    await expect(submitIntake(world.intake, hijack, by(stranger))).rejects.toBeInstanceOf(Forbidden);

    expect((await guardiansOf(child.studentId!)).items).toHaveLength(1);
    expect(world.intake.queue.drain()).toEqual([]);
  });

  test('bad input is refused at once with each field named, and nothing is stored or queued', async () => {
    const refusal = async (body: unknown) => {
      const attempt = submitIntake(world.intake, body, by(admin));
      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      return (await attempt.catch((error: Invalid) => error)) as Invalid;
    };
    world.intake.queue.drain();
    const before = (await listEnrollmentRequests(world.services, schoolId, { status: 'PENDING', limit: 50 }, admin)).items.length;
    const someone = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

    const fields = (
      await refusal({
        ...newEnrollmentBody(schoolId),
        entryDate: '26/08/2026',
        guardians: [{ guardianId: someone, guardian: { name: { first: 'A', last: 'B' } }, link: { relationship: 'aunt' } }],
      })
    ).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['entryDate', 'guardians[0].link.relationship', 'guardians[0].link.custody']));
    const link = { relationship: 'father', custody: true, educationalRights: true, livesWith: true };
    const both = await refusal({
      ...newEnrollmentBody(schoolId),
      guardians: [{ guardianId: someone, guardian: { name: { first: 'A', last: 'B' } }, link }],
    });
    expect(both.issues).toEqual([{ field: 'guardians[0]', message: expect.stringContaining('either guardianId') }]);
    const twice = await refusal({
      ...newEnrollmentBody(schoolId),
      guardians: [
        { guardianId: someone, link },
        { guardianId: someone, link },
      ],
    });
    expect(twice.issues).toEqual([{ field: 'guardians[1].guardianId', message: 'names the same guardian twice' }]);
    const unborn = await refusal(
      newEnrollmentBody(schoolId, {
        student: { legalName: { first: 'Future', last: 'Child' }, birthDate: '2030-01-01', gender: 'female', homeLanguage: 'en' },
      }),
    );
    expect(unborn.issues[0]!.field).toBe('student.birthDate');
    expect((await refusal({ kind: 'readmission' })).issues[0]!.field).toBe('kind');

    expect(world.intake.queue.drain()).toEqual([]);
    expect((await listEnrollmentRequests(world.services, schoolId, { status: 'PENDING', limit: 50 }, admin)).items).toHaveLength(before);
  });
});
