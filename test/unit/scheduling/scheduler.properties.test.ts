import fc from 'fast-check';
import { schedule, type ScheduleInput, type ScheduleResult } from '../../../domain/scheduling/scheduler';
import { courseCodeKey } from '../../../domain/scheduling/schemas';
import { school } from './generators';

const RUNS = { numRuns: 100 };

const sectionsById = (input: ScheduleInput) => new Map(input.sections.map((section) => [section.id, section]));
const newPlacements = (result: ScheduleResult) => result.students.flatMap((student) => student.placed.filter((placed) => !placed.existing));

describe('schedule over generated schools', () => {
  test('never puts more students in a section than it has seats (seats already taken count)', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);
        const sections = sectionsById(input);
        const added = new Map<string, number>();
        newPlacements(result).forEach((placed) => added.set(placed.sectionId, (added.get(placed.sectionId) ?? 0) + 1));

        added.forEach((count, sectionId) => {
          const section = sections.get(sectionId)!;
          expect(section.status).toBe('active');
          expect(section.seatsTaken + count).toBeLessThanOrEqual(section.capacity);
        });
        result.sections.forEach((after) => {
          expect(after.seatsTaken).toBe(sections.get(after.id)!.seatsTaken + (added.get(after.id) ?? 0));
        });
      }),
      RUNS,
    );
  });

  test('never gives a student two sections in one slot, counting the sections they already had', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);
        const sections = sectionsById(input);

        result.students.forEach((outcome, index) => {
          const held = [
            ...(input.students[index]!.existingSections ?? []).map((existing) => existing.slots),
            ...outcome.placed.filter((placed) => !placed.existing).map((placed) => sections.get(placed.sectionId)!.slots),
          ].flat();
          expect(new Set(held).size).toBe(held.length);
        });
      }),
      RUNS,
    );
  });

  test('places only a requested course or one of its alternates, in a section of that course, at most once per course', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);
        const sections = sectionsById(input);

        result.students.forEach((outcome, index) => {
          const student = input.students[index]!;
          expect(outcome.studentId).toBe(student.id);
          for (const placed of outcome.placed) {
            const request = student.requests.find((one) => one.courseId === (placed.viaAlternate ?? placed.courseId))!;
            expect(request).toBeDefined();
            if (placed.viaAlternate) expect(request.alternates).toContain(placed.courseId);
            if (!placed.existing) expect(sections.get(placed.sectionId)!.courseId).toBe(placed.courseId);
          }
          const courses = outcome.placed.map((placed) => placed.courseId);
          expect(new Set(courses).size).toBe(courses.length);
        });
      }),
      RUNS,
    );
  });

  test('honours grade levels, prerequisites and passed courses for every new placement', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);
        const courses = new Map((input.courses ?? []).map((course) => [course.id, course]));

        result.students.forEach((outcome, index) => {
          const student = input.students[index]!;
          const passed = new Set((student.completions ?? []).filter((one) => one.passed).map((one) => courseCodeKey(one.courseCode)));
          for (const placed of outcome.placed.filter((one) => !one.existing)) {
            const course = courses.get(placed.courseId)!;
            expect(course.gradeLevels).toContain(student.gradeLevel);
            course.prerequisites.forEach((code) => expect(passed.has(courseCodeKey(code))).toBe(true));
            if (!course.repeatable) expect(passed.has(courseCodeKey(course.code))).toBe(false);
          }
        });
      }),
      RUNS,
    );
  });

  test('accounts for every request: placed + unplaced = requested, per student and in total', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);

        let requested = 0;
        result.students.forEach((outcome, index) => {
          const count = input.students[index]!.requests.length;
          requested += count;
          expect(outcome.placed.length + outcome.unplaced.length).toBe(count);
          expect(outcome.totals).toEqual({ requested: count, placed: outcome.placed.length, unplaced: outcome.unplaced.length });
        });
        expect(result.totals.requested).toBe(requested);
        expect(result.totals.placed + result.totals.unplaced).toBe(requested);
      }),
      RUNS,
    );
  });

  test('is deterministic for a seed, whatever order students and sections are loaded in', () => {
    fc.assert(
      fc.property(
        school(),
        fc.func(fc.integer()).map(
          (rank) =>
            <T>(items: readonly T[]) =>
              [...items].sort((a, b) => rank(a) - rank(b)),
        ),
        (input, shuffle) => {
          const first = schedule(input);
          const again = schedule(structuredClone(input));
          const reordered = schedule({ ...input, students: shuffle(input.students), sections: shuffle(input.sections) });

          expect(again).toEqual(first);
          const byStudent = (result: ScheduleResult) => new Map(result.students.map((outcome) => [outcome.studentId, outcome]));
          expect(byStudent(reordered)).toEqual(byStudent(first));
          expect(reordered.totals).toEqual(first.totals);
        },
      ),
      RUNS,
    );
  });

  test('an unplaced request had no open, conflict-free section left when it was refused for space or time', () => {
    fc.assert(
      fc.property(school(), (input) => {
        const result = schedule(input);
        const after = new Map(result.sections.map((section) => [section.id, section]));

        result.students.forEach((outcome) => {
          for (const unplaced of outcome.unplaced.filter((one) => one.reason === 'all-full')) {
            const sections = input.sections.filter((section) => section.courseId === unplaced.courseId && section.status === 'active');
            // Seats only ever fill up during a run, so a section full when the request was refused is full at the end.
            sections.forEach((section) => expect(after.get(section.id)!.seatsTaken).toBeGreaterThanOrEqual(section.capacity));
          }
        });
      }),
      RUNS,
    );
  });
});
