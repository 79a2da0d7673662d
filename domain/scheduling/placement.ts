import { courseCodeKey, type OverridableRefusal } from './schemas';
import { describeSlots, overlapsOf, sharedSlots, type Overlap } from './slots';

/** Why a student cannot be put in a section, in terms a counselor can act on. */
export const REFUSAL_CODES = [
  'not-enrolled',
  'section-cancelled',
  'already-in-section',
  'already-in-course',
  'section-full',
  'period-conflict',
  'grade-not-allowed',
  'missing-prerequisite',
  'already-passed',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  /** For a period conflict or a second section of the course: the student's section in the way. */
  readonly sectionId?: string;
  /** For a period conflict: when both sections meet. */
  readonly overlaps?: readonly Overlap[];
}

/** A section as the student's schedule shows it. */
export interface ScheduledSection {
  readonly id: string;
  readonly sectionNumber: string;
  readonly courseId: string;
  /** For messages; the course id is shown when absent. */
  readonly courseCode?: string;
  /** `slotsOf(section.meetings)`. */
  readonly slots: readonly string[];
}

/** What the caller has read before assigning one student to one section; plain data, no I/O here. */
export interface AssignmentFacts {
  readonly section: ScheduledSection & {
    readonly schoolId: string;
    readonly schoolYear: string;
    readonly termCode: string;
    readonly status: 'active' | 'cancelled';
    /** The effective capacity (`sectionCapacity(section, course)`). */
    readonly capacity: number;
    /** Seats taken now (the section's seat counter). */
    readonly seatsTaken: number;
  };
  readonly course: {
    readonly code: string;
    readonly gradeLevels: readonly string[];
    readonly prerequisites: readonly string[];
    readonly repeatable: boolean;
  };
  readonly student: {
    /** The grade of the student's active enrollment in the section's school year. */
    readonly gradeLevel?: string;
    /** The school of that active enrollment; absent when the student has none that year. */
    readonly enrolledSchoolId?: string;
  };
  /** The sections the student is in for the section's school year and term. */
  readonly currentSections: readonly ScheduledSection[];
  /** The student's course completions (any year). */
  readonly completions: readonly {
    readonly courseCode: string;
    readonly schoolYear: string;
    readonly termCode: string;
    readonly passed: boolean;
    readonly mark?: string;
  }[];
}

const label = (section: ScheduledSection, code?: string) =>
  `${code ?? section.courseCode ?? section.courseId} section ${section.sectionNumber}`;

/**
 * Every reason the student cannot be put in the section. The transaction that assigns re-checks
 * the ones a concurrent writer can change with DynamoDB conditions: the seat counter (capacity),
 * the student's slot items (conflicts) and the roster entry (already in the section).
 */
export function assignmentRefusals(facts: AssignmentFacts): Refusal[] {
  const { section, course, student } = facts;
  const refusals: Refusal[] = [];
  const name = label(section, course.code);

  if (student.enrolledSchoolId !== section.schoolId) {
    refusals.push({
      code: 'not-enrolled',
      message:
        student.enrolledSchoolId === undefined
          ? `The student has no active enrollment in ${section.schoolYear}; enroll them at the school first.`
          : `The student is enrolled at another school in ${section.schoolYear}, not at the school of ${name}.`,
    });
  }
  if (section.status === 'cancelled') refusals.push({ code: 'section-cancelled', message: `${name} is cancelled.` });

  const already = facts.currentSections.find((current) => current.id === section.id);
  if (already) {
    refusals.push({ code: 'already-in-section', message: `The student is already in ${name}.`, sectionId: section.id });
  } else {
    const sameCourse = facts.currentSections.find((current) => current.courseId === section.courseId);
    if (sameCourse) {
      refusals.push({
        code: 'already-in-course',
        message: `The student is already in ${label(sameCourse, course.code)}; drop that section first to move them.`,
        sectionId: sameCourse.id,
      });
    }
    if (section.seatsTaken >= section.capacity) {
      refusals.push({ code: 'section-full', message: `${name} is full (${section.seatsTaken} of ${section.capacity} seats taken).` });
    }
    for (const current of facts.currentSections) {
      const shared = sharedSlots(section.slots, current.slots);
      if (shared.length > 0) {
        refusals.push({
          code: 'period-conflict',
          message: `${name} meets at the same time as the student's ${label(current)} (${describeSlots(shared)}).`,
          sectionId: current.id,
          overlaps: overlapsOf(shared),
        });
      }
    }
  }

  if (student.gradeLevel !== undefined && !course.gradeLevels.includes(student.gradeLevel)) {
    refusals.push({
      code: 'grade-not-allowed',
      message: `${course.code} is for grade ${course.gradeLevels.join(', ')}; the student is in grade ${student.gradeLevel}.`,
    });
  }

  const passed = facts.completions.filter((completion) => completion.passed);
  const passedCodes = new Set(passed.map((completion) => courseCodeKey(completion.courseCode)));
  for (const prerequisite of course.prerequisites) {
    if (!passedCodes.has(courseCodeKey(prerequisite))) {
      refusals.push({
        code: 'missing-prerequisite',
        message: `${course.code} requires ${prerequisite}, which the student has not passed.`,
      });
    }
  }
  if (!course.repeatable) {
    const before = passed.find((completion) => courseCodeKey(completion.courseCode) === courseCodeKey(course.code));
    if (before) {
      const mark = before.mark === undefined ? '' : ` with ${before.mark}`;
      refusals.push({
        code: 'already-passed',
        message: `The student passed ${course.code} in ${before.schoolYear} ${before.termCode}${mark}, and it cannot be repeated.`,
      });
    }
  }
  return refusals;
}

/** The refusals that still stand once staff override some (with a reason, see AssignmentSchema). */
export function blockingRefusals(refusals: readonly Refusal[], override: readonly OverridableRefusal[] = []): Refusal[] {
  const overridden = new Set<string>(override);
  return refusals.filter((refusal) => !overridden.has(refusal.code));
}
