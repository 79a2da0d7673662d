import { courseCodeKey } from './schemas';

/**
 * The automatic scheduler: places students' course requests into sections of one school term.
 * Pure and deterministic: everything is loaded up front, and the only randomness (the order in
 * which students take turns) comes from the seed. The caller writes the result through the same
 * conditional items as a hand assignment (seat counters, slot items), so a result computed from
 * stale data can lose a seat but never break an invariant.
 */

export interface SchedulerSection {
  readonly id: string;
  readonly courseId: string;
  /** `slotsOf(section.meetings)`. */
  readonly slots: readonly string[];
  /** The effective capacity (`sectionCapacity(section, course)`). */
  readonly capacity: number;
  readonly seatsTaken: number;
  readonly status: 'active' | 'cancelled';
}

export interface SchedulerCourse {
  readonly id: string;
  readonly code: string;
  readonly gradeLevels: readonly string[];
  readonly prerequisites: readonly string[];
  readonly repeatable: boolean;
}

export interface SchedulerRequest {
  readonly courseId: string;
  /** 1 is the most important. */
  readonly priority: number;
  /** Tried in order when the course itself cannot be placed. */
  readonly alternates?: readonly string[];
}

export interface SchedulerStudent {
  readonly id: string;
  readonly gradeLevel: string;
  /** Sections the student is already in this term; they keep them, and their slots are taken. */
  readonly existingSections?: readonly { readonly sectionId: string; readonly courseId: string; readonly slots: readonly string[] }[];
  readonly requests: readonly SchedulerRequest[];
  readonly completions?: readonly { readonly courseCode: string; readonly passed: boolean }[];
}

export interface ScheduleInput {
  /** Any integer; the same input and seed give the same result. */
  readonly seed: number;
  readonly sections: readonly SchedulerSection[];
  /** Courses whose grade levels and prerequisites are checked; a course not listed is not checked. */
  readonly courses?: readonly SchedulerCourse[];
  readonly students: readonly SchedulerStudent[];
}

export type UnplacedReason = 'no-section' | 'all-full' | 'conflict' | 'missing-prerequisite' | 'already-passed' | 'grade-not-allowed';

export interface Placement {
  /** The course of the section: the requested one, or one of its alternates. */
  readonly courseId: string;
  readonly sectionId: string;
  /** When an alternate was placed: the course the student asked for first. */
  readonly viaAlternate?: string;
  /** The student was already in this section before the run; nothing to write. */
  readonly existing?: true;
}

export interface Unplaced {
  /** The requested course. */
  readonly courseId: string;
  /** Why the requested course itself could not be placed. */
  readonly reason: UnplacedReason;
  /** Why each alternate could not be placed either, in the order they were tried. */
  readonly alternates?: readonly { readonly courseId: string; readonly reason: UnplacedReason }[];
}

export interface Totals {
  readonly requested: number;
  readonly placed: number;
  readonly unplaced: number;
}

export interface StudentSchedule {
  readonly studentId: string;
  /** In the student's priority order. */
  readonly placed: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  readonly totals: Totals;
}

export interface ScheduleResult {
  /** In the order of the input. */
  readonly students: readonly StudentSchedule[];
  /** Every input section with the seats taken after the run, in the order of the input. */
  readonly sections: readonly { readonly id: string; readonly capacity: number; readonly seatsTaken: number }[];
  readonly totals: Totals;
}

/** mulberry32: a small, fast, well-mixed 32-bit generator; enough to shuffle turns fairly (and to build a test school). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = seededRandom(seed);
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface SectionState {
  readonly id: string;
  readonly slots: readonly string[];
  readonly capacity: number;
  taken: number;
}

interface StudentState {
  readonly student: SchedulerStudent;
  /** Slots of the sections the student already had before the run: they stay. */
  readonly fixed: ReadonlySet<string>;
  /** Every slot the student uses: `fixed` and the sections of `held`. */
  busy: Set<string>;
  /** Courses placed this run, by course: their section and the request's position in `outcomes`. */
  readonly held: Map<string, { section: SectionState; at: number }>;
  /** Courses the student has or was given this run. */
  readonly courses: Set<string>;
  readonly passed: Set<string>;
  /** Requests by priority (stable for equal priorities). */
  readonly requests: readonly SchedulerRequest[];
  /** By position in `requests`. */
  readonly outcomes: (Placement | Unplaced)[];
}

/**
 * Places every request it can. Students take turns in rounds: in round k each student's k-th
 * most important request is placed, students in a seeded shuffled order that reverses every
 * round (a snake draft), so nobody's second choice beats anybody's first choice and no student
 * always picks first. For one request the course is tried, then its alternates in order; a
 * course goes to the least-filled section (by share of capacity) that has a seat and no slot
 * the student already uses.
 *
 * With N students, r requests each, a alternates, k sections per course and s slots per section:
 * O(N log N + N·r·log r + N·r·(1 + a)·k·s) time and O(N·r·s + sections) memory — linear in the
 * number of requests, since k and s are small.
 */
export function schedule(input: ScheduleInput): ScheduleResult {
  const sectionStates = new Map<string, SectionState>();
  const sectionsByCourse = new Map<string, SectionState[]>();
  for (const section of input.sections) {
    const state: SectionState = { id: section.id, slots: section.slots, capacity: section.capacity, taken: section.seatsTaken };
    sectionStates.set(section.id, state);
    if (section.status !== 'active') continue;
    const list = sectionsByCourse.get(section.courseId) ?? [];
    list.push(state);
    sectionsByCourse.set(section.courseId, list);
  }
  // Ties between equally filled sections go to the lower id, whatever order the sections were read in.
  sectionsByCourse.forEach((list) => list.sort((a, b) => byString(a.id, b.id)));
  const courses = new Map((input.courses ?? []).map((course) => [course.id, course]));

  const states = input.students.map((student): StudentState => {
    const existing = student.existingSections ?? [];
    const fixed = new Set(existing.flatMap((section) => section.slots));
    return {
      student,
      fixed,
      busy: new Set(fixed),
      held: new Map(),
      courses: new Set(existing.map((section) => section.courseId)),
      passed: new Set((student.completions ?? []).filter((completion) => completion.passed).map((c) => courseCodeKey(c.courseCode))),
      requests: student.requests
        .map((request, index) => ({ request, index }))
        .sort((a, b) => a.request.priority - b.request.priority || a.index - b.index)
        .map(({ request }) => request),
      outcomes: [],
    };
  });

  // Whatever order the students were loaded in, the seed alone decides the turns.
  const turns = shuffled(
    [...states].sort((a, b) => byString(a.student.id, b.student.id)),
    input.seed,
  );
  const rounds = states.reduce((most, state) => Math.max(most, state.requests.length), 0);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? turns : [...turns].reverse();
    for (const state of order) {
      const request = state.requests[round];
      if (request) state.outcomes[round] = place(state, request, round, sectionsByCourse, courses);
    }
  }

  let requested = 0;
  let placed = 0;
  const students = states.map((state): StudentSchedule => {
    const outcomes = state.outcomes;
    const placements = outcomes.filter((outcome): outcome is Placement => 'sectionId' in outcome);
    const unplaced = outcomes.filter((outcome): outcome is Unplaced => 'reason' in outcome);
    requested += outcomes.length;
    placed += placements.length;
    return {
      studentId: state.student.id,
      placed: placements,
      unplaced,
      totals: { requested: outcomes.length, placed: placements.length, unplaced: unplaced.length },
    };
  });
  return {
    students,
    sections: input.sections.map((section) => ({
      id: section.id,
      capacity: section.capacity,
      seatsTaken: sectionStates.get(section.id)!.taken,
    })),
    totals: { requested, placed, unplaced: requested - placed },
  };
}

function place(
  state: StudentState,
  request: SchedulerRequest,
  at: number,
  sectionsByCourse: ReadonlyMap<string, SectionState[]>,
  courses: ReadonlyMap<string, SchedulerCourse>,
): Placement | Unplaced {
  const existing = state.student.existingSections?.find((section) => section.courseId === request.courseId);
  if (existing) return { courseId: request.courseId, sectionId: existing.sectionId, existing: true };

  const reasons: { courseId: string; reason: UnplacedReason }[] = [];
  for (const courseId of [request.courseId, ...(request.alternates ?? [])]) {
    let outcome = placeCourse(state, courseId, sectionsByCourse, courses);
    // Every open section clashes with the student's day: move their other courses of this run between sections.
    if (outcome === 'conflict') outcome = reseat(state, courseId, sectionsByCourse, new Set(), new Set([courseId]), 0) ?? outcome;
    if (typeof outcome !== 'string') {
      state.courses.add(courseId);
      state.held.set(courseId, { section: outcome, at });
      outcome.slots.forEach((slot) => state.busy.add(slot));
      outcome.taken += 1;
      return courseId === request.courseId
        ? { courseId, sectionId: outcome.id }
        : { courseId, sectionId: outcome.id, viaAlternate: request.courseId };
    }
    reasons.push({ courseId, reason: outcome });
  }
  const [first, ...alternates] = reasons;
  return alternates.length > 0
    ? { courseId: request.courseId, reason: first!.reason, alternates }
    : { courseId: request.courseId, reason: first!.reason };
}

/** How many courses deep a repair may move the student's placements (each move re-seats one course). */
const REPAIR_DEPTH = 3;

/**
 * A section of `courseId` with a seat that the student can take once their placements of this run
 * are moved out of its way: the augmenting path of bipartite matching, over one student's courses.
 * A section whose period another of their courses holds is taken if that course can move to
 * another of its own sections (with a seat, clear of the slots `reserved` up the path), and so on
 * up to REPAIR_DEPTH courses. The moves found are made (seats and the outcomes' sections), the
 * section returned is for the caller to take; undefined when no path exists, and nothing moved.
 * Sections before the run (`fixed`) never move. Least-filled sections are tried first, as placing does.
 */
function reseat(
  state: StudentState,
  courseId: string,
  sectionsByCourse: ReadonlyMap<string, SectionState[]>,
  reserved: ReadonlySet<string>,
  visited: Set<string>,
  depth: number,
): SectionState | undefined {
  const open = (sectionsByCourse.get(courseId) ?? [])
    .filter((section) => section.taken < section.capacity)
    .sort((a, b) => a.taken * b.capacity - b.taken * a.capacity || byString(a.id, b.id));
  for (const section of open) {
    if (section.slots.some((slot) => state.fixed.has(slot) || reserved.has(slot))) continue;
    const clashes = [...state.held].filter(
      ([held, { section: other }]) => held !== courseId && other.slots.some((slot) => section.slots.includes(slot)),
    );
    if (clashes.length === 0) return section;
    if (clashes.length > 1 || depth >= REPAIR_DEPTH) continue;
    const [otherCourse, entry] = clashes[0]!;
    if (visited.has(otherCourse)) continue;
    visited.add(otherCourse);
    state.held.delete(otherCourse);
    entry.section.taken -= 1;
    const home = reseat(state, otherCourse, sectionsByCourse, new Set([...reserved, ...section.slots]), visited, depth + 1);
    if (home) {
      home.taken += 1;
      state.held.set(otherCourse, { section: home, at: entry.at });
      state.outcomes[entry.at] = { ...(state.outcomes[entry.at] as Placement), sectionId: home.id };
      state.busy = new Set([...state.fixed, ...[...state.held.values()].flatMap((held) => held.section.slots)]);
      return section;
    }
    entry.section.taken += 1;
    state.held.set(otherCourse, entry);
  }
  return undefined;
}

/** The section to put the student in, or why there is none. */
function placeCourse(
  state: StudentState,
  courseId: string,
  sectionsByCourse: ReadonlyMap<string, SectionState[]>,
  courses: ReadonlyMap<string, SchedulerCourse>,
): SectionState | UnplacedReason {
  const course = courses.get(courseId);
  if (course) {
    if (!course.gradeLevels.includes(state.student.gradeLevel)) return 'grade-not-allowed';
    if (!course.repeatable && state.passed.has(courseCodeKey(course.code))) return 'already-passed';
    if (course.prerequisites.some((code) => !state.passed.has(courseCodeKey(code)))) return 'missing-prerequisite';
  }
  const sections = sectionsByCourse.get(courseId);
  if (!sections || sections.length === 0) return 'no-section';
  // Holding the course already (e.g. an invalid request naming it twice) blocks a second section of it.
  if (state.courses.has(courseId)) return 'conflict';

  let best: SectionState | undefined;
  let anyOpen = false;
  for (const section of sections) {
    if (section.taken >= section.capacity) continue;
    anyOpen = true;
    if (section.slots.some((slot) => state.busy.has(slot))) continue;
    // Least filled by share of seats (cross-multiplied, no floating point); ties keep the lower id.
    if (!best || section.taken * best.capacity < best.taken * section.capacity) best = section;
  }
  if (best) return best;
  return anyOpen ? 'conflict' : 'all-full';
}
