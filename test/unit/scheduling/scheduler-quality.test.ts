import { schedule } from '../../../domain/scheduling/scheduler';
import { highSchool } from '../../bench/high-school-requests';
import { greedy, quality } from '../../bench/scheduler-quality';

describe('the scheduler fills schedules where the seats suffice', () => {
  // The 2,500-student high school: eight requests each (lunch in two waves, singletons, a teacher one section
  // a period), under 0.5 s for the scheduler and the greedy pass together.
  const school = highSchool(2500, 7);
  const input = { seed: 7, sections: school.sections, courses: school.courses, students: school.students };
  const result = schedule(input);

  test('at least 98% of students get every request, and 95% of requests are met, more than a plain greedy pass', () => {
    const ours = quality(result);
    const plain = quality(greedy(input));

    expect(ours.completeSchedulesPercent).toBeGreaterThanOrEqual(98);
    expect(ours.requestsMetPercent).toBeGreaterThanOrEqual(95);
    expect(ours.completeSchedulesPercent).toBeGreaterThan(plain.completeSchedulesPercent);
  });

  test('no student in two sections of one period, and no section over its seats', () => {
    const slotsOf = new Map(school.sections.map((section) => [section.id, section.slots]));
    for (const student of result.students) {
      const slots = student.placed.flatMap((placement) => slotsOf.get(placement.sectionId)!);
      expect(new Set(slots).size).toBe(slots.length);
    }
    const seated = new Map<string, number>();
    for (const student of result.students)
      for (const placement of student.placed) seated.set(placement.sectionId, (seated.get(placement.sectionId) ?? 0) + 1);
    for (const section of result.sections) {
      expect(section.seatsTaken).toBe(seated.get(section.id) ?? 0);
      expect(section.seatsTaken).toBeLessThanOrEqual(section.capacity);
    }
  });
});
