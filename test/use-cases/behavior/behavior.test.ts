import { Forbidden, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { render } from '../../../domain/notifications/templates';
import { BEHAVIOR } from '../../../domain/records/confidential-types';
import { eventOfOutboxItem } from '../../../events/outbox';
import { noticeOf, type Notice } from '../../../events/notifications';
import { behaviorCounts, behaviorWrites, childBehavior } from '../../../functions/use-cases/behavior/behavior-records';
import { studentAccessLog } from '../../../functions/use-cases/confidential/access-log';
import { listConfidential, readConfidential } from '../../../functions/use-cases/confidential/read-confidential';
import { readerOf } from '../../../functions/use-cases/confidential/record-access';
import {
  createConfidential,
  deleteConfidential,
  restoreConfidential,
  updateConfidential,
} from '../../../functions/use-cases/confidential/write-confidential';
import { resolveNotice } from '../../../functions/use-cases/notifications/gradebook-notices';
import type { Principal } from '../../../domain/principal';
import { as, by } from '../../support/principals';
import { firstGuardianOf, seedHighSchool, seedStaff, seedStudents } from '../../support/seed';
import { issuesOf, useCaseServices, type UseCaseServices } from '../../support/use-cases';

const YEAR = '2026-2027';
const PAGE = { limit: 50 };
const fight = (role: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'incident',
  date: '2026-10-14',
  time: '12:20',
  place: 'cafeteria',
  role,
  behaviors: ['fighting'],
  description: 'Ana and Ben fought over a seat at lunch; Cy saw it start.',
  ...overrides,
});
const suspension = (days: number, overrides: Record<string, unknown> = {}) => ({
  kind: 'action',
  action: 'out-of-school-suspension',
  startDate: '2026-10-15',
  endDate: '2026-10-16',
  days,
  notes: 'Second fight this term.',
  ...overrides,
});

/**
 * Behavior incidents and discipline actions (issue 23 point 6, decision 0153): a teacher reports a
 * cafeteria fight with an offender, a victim and a witness, each a sealed record of their own; she
 * reads and lists only what she reported; the office suspends the offender (a teacher may not), the
 * family is told in their language without the incident's account; the school's counts per year
 * follow every write, correction, deletion and restore; every read is in the record of access.
 */
describe('behavior records', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let ana: string;
  let ben: string;
  let cy: string;
  let teacher: Principal;
  let colleague: Principal;
  let office: Principal;
  let counselor: Principal;
  const reader = (principal: Principal) => readerOf(principal, 'discipline');
  const create = (studentId: string, body: unknown, principal: Principal) =>
    createConfidential(world.services, BEHAVIOR, studentId, body, by(principal), behaviorWrites);
  const counts = () => behaviorCounts(world.services, schoolId, YEAR, office);

  beforeAll(async () => {
    world = await useCaseServices('behavior');
    schoolId = await seedHighSchool(world.services, 'Lincoln High', { gradeLevels: ['09'] });
    [ana, ben, cy] = (await seedStudents(world.services, schoolId, 3)) as [string, string, string];
    teacher = as.teacher(await seedStaff(world.services, [schoolId]), schoolId);
    colleague = as.teacher(await seedStaff(world.services, [schoolId], { name: { first: 'Other', last: 'Teacher' } }), schoolId);
    office = as.schoolAdmin(schoolId);
    counselor = as.counselor(schoolId);
  });
  afterAll(() => world?.drop());

  test('one incident, three participants: the reporter reads and lists hers, a colleague nothing, the office everything; counts follow', async () => {
    const { services } = world;
    const offender = await create(ana, fight('offender', { injury: true }), teacher);
    const incidentId = offender.result.ids.recordId;
    await create(ben, fight('victim', { incidentId }), teacher);
    await create(cy, fight('witness', { incidentId, behaviors: ['fighting'] }), teacher);
    // Who reported it is kept in clear, for the policy; the account is sealed.
    expect(offender.result.record).toMatchObject({ kind: 'incident', date: '2026-10-14', reportedBy: teacher.staffId });

    const mine = await listConfidential(services, BEHAVIOR, ana, { limit: 25 }, reader(teacher));
    expect(mine.items).toEqual([expect.objectContaining({ description: expect.stringContaining('fought'), role: 'offender' })]);
    // A colleague of the same school lists the student's behavior records and finds none of another teacher's reports.
    expect((await listConfidential(services, BEHAVIOR, ana, { limit: 25 }, reader(colleague))).items).toEqual([]);
    await expect(readConfidential(services, BEHAVIOR, { studentId: ana, recordId: incidentId }, reader(colleague))).rejects.toThrow(
      'You may not read this behavior record record.',
    );
    const { record } = await readConfidential(services, BEHAVIOR, { studentId: ana, recordId: incidentId }, reader(office));
    expect(record).toMatchObject({ place: 'cafeteria', behaviors: ['fighting'], injury: true });

    expect(await counts()).toMatchObject({
      schoolYear: YEAR,
      incidents: 3,
      offenders: 1,
      victims: 1,
      witnesses: 1,
      injuries: 1,
      behaviors: expect.objectContaining({ fighting: 1, bullying: 0 }),
    });
    // The early-warning list's counters: per student, no codes.
    const [anaYear] = await services.records.getItems([keys.behaviorYear(ana, YEAR)]);
    expect(anaYear).toMatchObject({ incidents: 1, asOffender: 1, schoolId, gsi2pk: keys.behaviorYearsOfSchool(schoolId, YEAR) });

    // The record of access names the teacher's list and the office's read.
    const log = await studentAccessLog(services, ana, PAGE, office);
    expect(log.items.map((entry) => entry.what.operation)).toEqual(expect.arrayContaining(['list', 'read']));
  });

  test('a suspension: a teacher may not record one, the office does; the family is told what and when, never the account', async () => {
    const { services } = world;
    await expect(create(ana, suspension(2), teacher)).rejects.toBeInstanceOf(Forbidden);
    await expect(create(ana, suspension(2), counselor)).rejects.toThrow('suspension or expulsion');
    expect(await issuesOf(create(ana, suspension(0), office))).toEqual([expect.objectContaining({ field: 'days' })]);
    expect(await issuesOf(create(ana, suspension(2, { endDate: '2026-10-01' }), office))).toEqual([
      expect.objectContaining({ field: 'endDate' }),
    ]);
    // A teacher may keep a student after class.
    await create(ana, { kind: 'action', action: 'detention', startDate: '2026-10-15' }, teacher);
    const suspended = await create(ana, suspension(2), office);
    const recordId = suspended.result.ids.recordId;

    // The event names the record; the notice reads the action's kind and dates from the item written with it.
    const outbox = await services.records.rawQuery({ partition: `STUDENT#${ana}#BEHAVIOR`, sortKeyPrefix: 'OUTBOX#', limit: 100 });
    const events = outbox.items.map(eventOfOutboxItem);
    const detailOf = (candidate: (typeof events)[number]) => candidate.detail as { ids: { recordId?: string }; kind?: string };
    const event = events.find((candidate) => detailOf(candidate).ids.recordId === recordId)!;
    expect(event.detailType).toBe('Behavior Record Created');
    expect(JSON.stringify(event.detail)).not.toContain('Second fight');
    const notice = (await resolveNotice(services, noticeOf(event.detailType, event.detail) as Notice))!;
    expect(notice).toMatchObject({ kind: 'disciplinaryAction', studentId: ana, values: { action: 'out-of-school-suspension', days: 2 } });
    const spanish = render(notice.kind, 'es', { ...notice.values, studentName: 'Ana', schoolName: 'Lincoln High' });
    expect(spanish.body).toContain('una suspensión fuera de la escuela a partir del jueves, 15 de octubre de 2026 (2 días escolares)');
    // An incident tells nobody by itself.
    const incidentEvent = events.find((candidate) => detailOf(candidate).kind === 'incident')!;
    expect(noticeOf(incidentEvent.detailType, incidentEvent.detail)).toBeUndefined();

    // The family reads the facts of their child's part and the actions, not the account, the notes or who reported.
    const parent = as.parent(await firstGuardianOf(services, ana));
    const child = await childBehavior(services, reader(parent), ana);
    expect(child.records.map((entry) => entry.kind).sort()).toEqual(['action', 'action', 'incident']);
    expect(JSON.stringify(child)).not.toMatch(/fought|Second fight|reportedBy/);
    await expect(childBehavior(services, reader(parent), ben)).rejects.toBeInstanceOf(NotFound);

    expect(await counts()).toMatchObject({
      daysOutOfSchool: 2,
      actions: expect.objectContaining({ detention: 1, 'out-of-school-suspension': 1 }),
    });
  });

  test('a correction, a deletion and a restore move the counts and nothing else; a date moved to another year moves them there', async () => {
    const { services } = world;
    const before = await counts();
    const created = await create(ben, { kind: 'action', action: 'in-school-suspension', startDate: '2026-11-02', days: 1 }, office);
    const ids = created.result.ids;
    expect((await counts()).daysInSchool).toBe(before.daysInSchool + 1);

    const longer = await updateConfidential(
      services,
      BEHAVIOR,
      ids,
      { patch: { days: 3 }, expectedVersion: 1 },
      by(office),
      behaviorWrites,
    );
    expect((await counts()).daysInSchool).toBe(before.daysInSchool + 3);
    // A teacher who did not report it may not correct it.
    await expect(
      updateConfidential(services, BEHAVIOR, ids, { patch: { days: 1 }, expectedVersion: 2 }, by(teacher), behaviorWrites),
    ).rejects.toBeInstanceOf(Forbidden);

    await deleteConfidential(services, BEHAVIOR, ids, longer.result.version, by(office), behaviorWrites);
    expect(await counts()).toEqual(before);
    await restoreConfidential(services, BEHAVIOR, ids, {}, by(office), behaviorWrites);
    expect((await counts()).daysInSchool).toBe(before.daysInSchool + 3);

    // Moved to the summer after: out of 2026-2027, into 2027-2028.
    await updateConfidential(
      services,
      BEHAVIOR,
      ids,
      { patch: { startDate: '2027-07-06' }, expectedVersion: 4 },
      by(office),
      behaviorWrites,
    );
    expect(await counts()).toEqual(before);
    expect((await behaviorCounts(services, schoolId, '2027-2028', office)).daysInSchool).toBe(3);
  });

  test('school counts are for its administrators and counselors; another school sees nothing of these students', async () => {
    const { services } = world;
    await expect(behaviorCounts(services, schoolId, YEAR, teacher)).rejects.toBeInstanceOf(Forbidden);
    expect((await behaviorCounts(services, schoolId, YEAR, counselor)).incidents).toBeGreaterThan(0);
    const otherSchool = await seedHighSchool(services, 'Roosevelt High', { gradeLevels: ['09'] });
    const stranger = as.schoolAdmin(otherSchool);
    await expect(listConfidential(services, BEHAVIOR, ana, { limit: 25 }, reader(stranger))).rejects.toBeInstanceOf(Forbidden);
    await expect(create(ana, fight('offender'), as.teacher('T-ELSEWHERE', otherSchool))).rejects.toBeInstanceOf(Forbidden);
    expect(await issuesOf(create(ana, fight('bystander'), teacher))).toEqual([expect.objectContaining({ field: 'role' })]);
  });
});
