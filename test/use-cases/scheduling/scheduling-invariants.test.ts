import fc from 'fast-check';
import { DomainError } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { rosterEntryType, sectionType } from '../../../domain/records/record-types';
import type { Meeting } from '../../../domain/scheduling/schemas';
import { slotsOf } from '../../../domain/scheduling/slots';
import { updateRecord } from '../../../functions/use-cases/records/update-record';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../../functions/use-cases/scheduling/drop-student';
import { scheduleEntries } from '../../../functions/use-cases/scheduling/placements';
import { as, by } from '../../support/principals';
import { seedCourse, seedHighSchool, seedSection, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Random sequences of placements, drops and section moves, some of them at the same time, never
 * break what a school relies on (decision 0130): no student is in two sections at one time, a
 * student's slot items hold exactly the cells of the sections they are in, every roster entry lists
 * its section's cells, and a section's seats taken equal its roster. Against DynamoDB Local, with
 * a bounded number of runs so it costs seconds.
 */
describe('scheduling invariants under random placements, drops and section moves', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let students: string[];
  let courses: string[];
  let run = 0;
  const year = '2026-2027';
  const term = 'S1';
  const admin = () => as.schoolAdmin(schoolId);

  /** Meeting patterns that overlap in some ways and not others (weekdays, rotation days, partial weeks). */
  const MEETINGS: readonly Meeting[][] = [
    [{ period: 'P1', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    [{ period: 'P1', days: ['MON', 'WED', 'FRI'] }],
    [{ period: 'P1', days: ['TUE', 'THU'] }],
    [{ period: 'P2', days: ['A'] }],
    [{ period: 'P2', days: ['B'] }],
    [{ period: 'P2', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    [
      { period: 'P1', days: ['MON'] },
      { period: 'P3', days: ['WED', 'FRI'] },
    ],
  ];

  type Operation =
    | { kind: 'place'; student: number; section: number }
    | { kind: 'drop'; student: number; section: number }
    | { kind: 'move'; section: number; meetings: number };
  const student = fc.nat({ max: 4 });
  const section = fc.nat({ max: 3 });
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('place' as const), student, section }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('drop' as const), student, section }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('move' as const), section, meetings: fc.nat({ max: MEETINGS.length - 1 }) }), weight: 3 },
  );
  /** Each step is one operation, or two made at the same time. */
  const steps = fc.array(fc.array(operation, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 10 });

  async function apply(operation: Operation, sectionIds: readonly string[]): Promise<void> {
    const sectionId = sectionIds[operation.section]!;
    const attempt = async () => {
      if (operation.kind === 'place') await assignStudent(world.services, sectionId, students[operation.student]!, {}, by(admin()));
      else if (operation.kind === 'drop') {
        await dropStudent(world.services, sectionId, students[operation.student]!, { reason: 'Schedule change' }, by(admin()));
      } else {
        const current = (await world.services.records.get(sectionType, { sectionId }))!;
        const patch = { meetings: MEETINGS[operation.meetings] };
        await updateRecord(world.services, sectionType, { sectionId }, { patch, expectedVersion: current.version }, by(admin()));
      }
    };
    // Refusals (a conflict, a full section, a student not in the section, a race lost) are answers, not failures.
    await attempt().catch((error: unknown) => {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
    });
  }

  async function expectInvariants(sectionIds: readonly string[]): Promise<void> {
    for (const studentId of students) {
      const entries = await scheduleEntries(world.services, studentId, year, term);
      const sections = await world.services.records.getMany(
        sectionType,
        entries.map((entry) => ({ sectionId: entry.data.sectionId })),
      );
      // Every roster entry lists its section's cells, and no cell is in two of them.
      for (const entry of entries) {
        const own = sections.find((record) => record.id === entry.data.sectionId)!;
        expect([...entry.data.cells].sort()).toEqual(slotsOf(own.data.meetings));
      }
      const cells = entries.flatMap((entry) => entry.data.cells);
      expect(new Set(cells).size).toBe(cells.length);
      // The slot items hold exactly those cells, each period with the sections in it.
      const held = await world.services.schedules.periodsOfStudent(studentId, year, term);
      const expected = new Map<string, { cells: string[]; sections: string[] }>();
      for (const entry of entries) {
        for (const cell of entry.data.cells) {
          const period = cell.split('#').slice(2).join('#');
          const slot = expected.get(period) ?? { cells: [], sections: [] };
          slot.cells.push(cell);
          if (!slot.sections.includes(entry.data.sectionId)) slot.sections.push(entry.data.sectionId);
          expected.set(period, slot);
        }
      }
      const normal = (map: ReadonlyMap<string, { cells: readonly string[]; sections: readonly string[] }>) =>
        Object.fromEntries(
          // A period whose last class was dropped keeps an empty item: it holds nothing.
          [...map]
            .filter(([, slot]) => slot.cells.length > 0)
            .map(([period, slot]) => [period, { cells: [...slot.cells].sort(), sections: [...slot.sections].sort() }]),
        );
      expect(normal(held)).toEqual(normal(expected));
    }
    // Seats taken equal the roster, as the section's listing has it.
    const seats = await world.services.schedules.seatsOf(sectionIds);
    for (const sectionId of sectionIds) {
      const { pk, skPrefix } = keys.rosterOfSection(sectionId);
      const roster = await world.services.records.queryAll(rosterEntryType, { partition: pk, sortKeyPrefix: skPrefix, skipDeleted: true });
      expect(seats.get(sectionId)?.taken ?? 0).toBe(roster.length);
    }
  }

  beforeAll(async () => {
    world = await useCaseServices('scheduling-invariants');
    schoolId = await seedHighSchool(world.services, 'Roosevelt High');
    students = await seedStudents(world.services, schoolId, 5);
    courses = await Promise.all(['ART', 'BIO', 'CHEM', 'DRAMA'].map((code) => seedCourse(world.services, schoolId, code)));
  });
  afterAll(() => world?.drop());

  test('hold after every sequence', async () => {
    await fc.assert(
      fc.asyncProperty(steps, fc.array(fc.nat({ max: MEETINGS.length - 1 }), { minLength: 4, maxLength: 4 }), async (sequence, start) => {
        run += 1;
        // Each run has sections of its own (capacity 3, so some fill up); the students are shared and left free after.
        const sectionIds = await Promise.all(
          courses.map((courseId, index) =>
            seedSection(world.services, schoolId, courseId, {
              number: `R${run}`,
              capacity: 3,
              meetings: MEETINGS[start[index]!],
            }),
          ),
        );
        try {
          for (const step of sequence) await Promise.all(step.map((operation) => apply(operation, sectionIds)));
          await expectInvariants(sectionIds);
        } finally {
          const leave = (sectionId: string, studentId: string) =>
            dropStudent(world.services, sectionId, studentId, { reason: 'End of run' }, by(admin())).catch(() => undefined);
          await Promise.all(students.map(async (studentId) => Promise.all(sectionIds.map((sectionId) => leave(sectionId, studentId)))));
        }
      }),
      { numRuns: 10, seed: Number(process.env.FC_SEED ?? 20261207), endOnFailure: true },
    );
  });
});
