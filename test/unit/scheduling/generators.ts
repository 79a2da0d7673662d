import fc from 'fast-check';
import { ROTATION_DAYS, WEEKDAYS, type MeetingDay } from '../../../domain/scheduling/schemas';
import { slotsOf, type MeetingTime } from '../../../domain/scheduling/slots';
import type {
  ScheduleInput,
  SchedulerCourse,
  SchedulerRequest,
  SchedulerSection,
  SchedulerStudent,
} from '../../../domain/scheduling/scheduler';

/** A record id (ULID alphabet) made from a tag and a number, e.g. `recordId('C', 7)`. */
export const recordId = (tag: string, n: number): string => `01J${tag}${String(n).padStart(23 - tag.length, '0')}`;

export const PERIODS = ['P1', 'P2', 'P3'] as const;
const GRADES = ['09', '10', '11', '12'] as const;

const weekdayMeeting: fc.Arbitrary<MeetingTime> = fc.record({
  period: fc.constantFrom(...PERIODS),
  days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
});
const rotationMeeting: fc.Arbitrary<MeetingTime> = fc.record({
  period: fc.constantFrom(...PERIODS),
  days: fc.subarray([...ROTATION_DAYS] as MeetingDay[], { minLength: 1 }),
});

/** Meetings of one section: all on weekdays or all on rotation days, as checkSection requires. */
export const sectionMeetings: fc.Arbitrary<MeetingTime[]> = fc.oneof(
  fc.array(weekdayMeeting, { minLength: 1, maxLength: 2 }),
  fc.array(rotationMeeting, { minLength: 1, maxLength: 2 }),
);

/** Any meetings, mixing weekday and rotation meetings freely (for the slot rules). */
export const anyMeetings: fc.Arbitrary<MeetingTime[]> = fc.array(fc.oneof(weekdayMeeting, rotationMeeting), { minLength: 1, maxLength: 3 });

export interface SchoolSizes {
  maxCourses: number;
  maxSectionsPerCourse: number;
  maxStudents: number;
  maxRequests: number;
}

const SMALL: SchoolSizes = { maxCourses: 8, maxSectionsPerCourse: 3, maxStudents: 25, maxRequests: 5 };

/**
 * A small school: courses with grade levels and prerequisites, sections (some full, some
 * cancelled), and students with existing sections, completions and requests that name each
 * course at most once (requested or as an alternate), as checkCourseRequest requires.
 */
export function school(sizes: SchoolSizes = SMALL): fc.Arbitrary<ScheduleInput> {
  return fc.integer({ min: 1, max: sizes.maxCourses }).chain((courseCount) => {
    const courseIds = Array.from({ length: courseCount }, (_, index) => recordId('C', index));
    const course: (index: number) => fc.Arbitrary<SchedulerCourse> = (index) =>
      fc.record({
        id: fc.constant(courseIds[index]!),
        code: fc.constant(`CRS${index}`),
        gradeLevels: fc.subarray([...GRADES], { minLength: 3 }),
        prerequisites: fc.subarray(
          courseIds.slice(0, index).map((_, other) => `crs${other}`),
          { maxLength: Math.min(1, index) },
        ),
        repeatable: fc.boolean(),
      });
    const section = (courseId: string, n: number): fc.Arbitrary<SchedulerSection> =>
      fc
        .record({
          meetings: sectionMeetings,
          capacity: fc.integer({ min: 1, max: 6 }),
          taken: fc.integer({ min: 0, max: 7 }),
          cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        })
        .map(({ meetings, capacity, taken, cancelled }) => ({
          id: `${courseId}-S${n}`,
          courseId,
          slots: slotsOf(meetings),
          capacity,
          seatsTaken: Math.min(taken, capacity + 1),
          status: cancelled ? ('cancelled' as const) : ('active' as const),
        }));
    const sectionsOfCourse = (courseId: string) =>
      fc
        .integer({ min: 0, max: sizes.maxSectionsPerCourse })
        .chain((count) => fc.tuple(...Array.from({ length: count }, (_, n) => section(courseId, n))).map((list) => [...list]));

    return fc
      .record({
        courses: fc.tuple(...courseIds.map((_, index) => course(index))),
        sections: fc.tuple(...courseIds.map(sectionsOfCourse)).map((lists) => lists.flat()),
        seed: fc.integer(),
      })
      .chain(({ courses, sections, seed }) =>
        fc
          .array(student(courseIds, courses, sections, sizes), { maxLength: sizes.maxStudents })
          .map((students) => students.map((one, index) => ({ ...one, id: recordId('S', index) })))
          .map((students): ScheduleInput => ({ seed, courses: [...courses], sections, students })),
      );
  });
}

function student(
  courseIds: readonly string[],
  courses: readonly SchedulerCourse[],
  sections: readonly SchedulerSection[],
  sizes: SchoolSizes,
): fc.Arbitrary<SchedulerStudent> {
  return fc
    .record({
      gradeLevel: fc.constantFrom(...GRADES),
      // Each course gets a role: requested (with a priority), alternate of an earlier request, or nothing.
      order: fc.shuffledSubarray([...courseIds], { maxLength: Math.min(courseIds.length, sizes.maxRequests * 2) }),
      split: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: sizes.maxRequests, maxLength: sizes.maxRequests }),
      priorities: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: sizes.maxRequests, maxLength: sizes.maxRequests }),
      existing: fc.subarray([...sections], { maxLength: Math.min(1, sections.length) }),
      passed: fc.subarray([...courses], { maxLength: Math.min(2, courses.length) }),
    })
    .map(({ gradeLevel, order, split, priorities, existing, passed }) => {
      const requests: SchedulerRequest[] = [];
      let cursor = 0;
      for (let index = 0; index < sizes.maxRequests && cursor < order.length; index += 1) {
        const alternates = Math.min(split[index] ?? 0, order.length - cursor - 1);
        requests.push({
          courseId: order[cursor]!,
          priority: priorities[index]!,
          alternates: order.slice(cursor + 1, cursor + 1 + alternates),
        });
        cursor += 1 + alternates;
      }
      return {
        id: '',
        gradeLevel,
        requests,
        existingSections: existing.map((section) => ({ sectionId: section.id, courseId: section.courseId, slots: section.slots })),
        completions: passed.map((course) => ({ courseCode: course.code, passed: true })),
      };
    });
}
