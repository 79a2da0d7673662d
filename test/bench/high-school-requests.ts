/**
 * A high school's term where the seats suffice, as a counselor's office would build it: every
 * student (grades 9 to 12) asks for eight things (English, mathematics, science, social studies,
 * PE or health, a world language, an elective with two alternates, and lunch), the master schedule
 * gives each course as many sections as its requests need at 28 a section (32 seats: some slack),
 * a course with few requests is a singleton (AP Calculus, French 3, band), lunch meets in P4 or P5
 * only, and sections are spread over eight daily periods and given to teachers so that no teacher
 * (and no teacher's room) holds two sections in one period, at most six a day. Deterministic from
 * the seed, so a run can be compared with the next.
 */
import { seededRandom, type SchedulerCourse, type SchedulerSection, type SchedulerStudent } from '../../domain/scheduling/scheduler';
import { WEEKDAYS } from '../../domain/scheduling/schemas';
import { slotsOf } from '../../domain/scheduling/slots';

export const PERIODS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8'] as const;
const LUNCH_PERIODS = ['P4', 'P5'];
const GRADES = ['09', '10', '11', '12'] as const;
const PER_SECTION = 28;
const SEATS = 32;
const TEACHER_SECTIONS = 6;

export interface HighSchool {
  readonly students: SchedulerStudent[];
  readonly sections: SchedulerSection[];
  readonly courses: SchedulerCourse[];
  /** Teachers the master schedule needed, and the singletons it has. */
  readonly teachers: number;
  readonly singletons: number;
}

/** Weighted choice: `[value, weight]` pairs. */
function pick<T>(next: () => number, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let at = next() * total;
  for (const [value, weight] of options) if ((at -= weight) < 0) return value;
  return options.at(-1)![0];
}

/** Electives and how often each is a first choice: the last three are rare enough to be singletons. */
const ELECTIVES: readonly (readonly [string, number])[] = [
  ['ART1', 12],
  ['BAND', 10],
  ['CHOIR', 10],
  ['CS1', 14],
  ['DRAMA', 9],
  ['JOURN', 7],
  ['PHOTO', 9],
  ['ROBOT', 10],
  ['DEBATE', 6],
  ['CERAM', 9],
  ['ORCH', 0.4],
  ['LATIN', 0.3],
  ['APART', 0.3],
];
/** Department of each course code, for giving sections to teachers. */
const departmentOf = (code: string) =>
  /^ENG/.test(code)
    ? 'english'
    : /^(ALG|GEO|PRE|STAT|CALC)/.test(code)
      ? 'math'
      : /^(BIO|CHEM|PHYS|ENV|APBIO|APPHYS)/.test(code)
        ? 'science'
        : /^(WHIST|USHIST|GOV|ECON|PSYCH)/.test(code)
          ? 'social'
          : /^(PE|HEALTH)/.test(code)
            ? 'pe'
            : /^(SPAN|FREN|LATIN)/.test(code)
              ? 'languages'
              : code === 'LUNCH'
                ? 'lunch'
                : 'electives';

/** One student's eight requests for their grade. */
function requestsOf(grade: (typeof GRADES)[number], next: () => number): { courseId: string; priority: number; alternates?: string[] }[] {
  const year = GRADES.indexOf(grade);
  const english = `ENG${9 + year}`;
  const math = [
    pick(next, [
      ['ALG1', 8],
      ['GEO', 2],
    ]),
    pick(next, [
      ['GEO', 7],
      ['ALG2', 3],
    ]),
    pick(next, [
      ['ALG2', 6],
      ['PRECALC', 4],
    ]),
    pick(next, [
      ['PRECALC', 50],
      ['STATS', 38],
      ['CALCAB', 9],
      ['CALCBC', 3],
    ]),
  ][year]!;
  const science = [
    'BIO',
    'CHEM',
    'PHYS',
    pick(next, [
      ['ENVSCI', 88],
      ['APBIO', 8],
      ['APPHYS', 4],
    ]),
  ][year]!;
  const social = [
    'WHIST',
    'USHIST',
    pick(next, [
      ['GOV', 6],
      ['PSYCH', 4],
    ]),
    pick(next, [
      ['ECON', 7],
      ['PSYCH', 3],
    ]),
  ][year]!;
  const pe =
    year < 2
      ? 'PE'
      : pick(next, [
          ['HEALTH', 6],
          ['PE2', 4],
        ]);
  const language = pick(next, [
    ['SPAN', 8],
    ['FREN', 2],
  ]);
  const level = Math.min(year + 1, language === 'FREN' ? 3 : 4);
  const electives: string[] = [];
  while (electives.length < 3) {
    const elective = pick(
      next,
      ELECTIVES.filter(([code]) => !electives.includes(code)),
    );
    electives.push(elective);
  }
  return [
    { courseId: 'LUNCH', priority: 1 },
    { courseId: english, priority: 2 },
    { courseId: math, priority: 3 },
    { courseId: science, priority: 4 },
    { courseId: social, priority: 5 },
    { courseId: `${language}${level}`, priority: 6 },
    { courseId: pe, priority: 7 },
    { courseId: electives[0]!, priority: 8, alternates: electives.slice(1) },
  ];
}

export function highSchool(studentCount: number, seed = 2026): HighSchool {
  const next = seededRandom(seed);
  const students: SchedulerStudent[] = Array.from({ length: studentCount }, (_, index) => {
    const gradeLevel = GRADES[index % GRADES.length]!;
    return { id: `S${String(index).padStart(5, '0')}`, gradeLevel, requests: requestsOf(gradeLevel, next) };
  });

  // Sections from the requests: first choices, and a third of the alternates' share for electives.
  const demand = new Map<string, number>();
  for (const student of students)
    for (const request of student.requests) {
      demand.set(request.courseId, (demand.get(request.courseId) ?? 0) + 1);
      for (const alternate of request.alternates ?? []) demand.set(alternate, (demand.get(alternate) ?? 0) + 1 / 3);
    }
  const courses: SchedulerCourse[] = [...demand.keys()]
    .sort()
    .map((id) => ({ id, code: id, gradeLevels: [...GRADES], prerequisites: [], repeatable: false }));
  const sections: SchedulerSection[] = [];
  const teachersOf = new Map<string, Set<string>[]>();
  let singletons = 0;
  let offset = 0;
  for (const course of courses) {
    const wanted = demand.get(course.id)!;
    if (course.id === 'LUNCH') {
      // Lunch: one big "section" a wave, in the cafeteria, no teacher.
      for (const period of LUNCH_PERIODS)
        sections.push(section(`LUNCH-${period}`, 'LUNCH', period, Math.ceil((wanted / LUNCH_PERIODS.length) * 1.15)));
      continue;
    }
    const count = Math.max(1, Math.ceil(wanted / PER_SECTION));
    if (count === 1) singletons += 1;
    const department = departmentOf(course.id);
    const staff = teachersOf.get(department) ?? [];
    teachersOf.set(department, staff);
    for (let index = 0; index < count; index += 1) {
      // Spread a course's sections over the day, each course starting somewhere else.
      let period = PERIODS[(offset + index * 3) % PERIODS.length]!;
      // A teacher free in that period with room for one more section; else another period; else a new teacher.
      let teacher = staff.find((periods) => periods.size < TEACHER_SECTIONS && !periods.has(period));
      if (!teacher) {
        const free = PERIODS.find((candidate) => staff.some((periods) => periods.size < TEACHER_SECTIONS && !periods.has(candidate)));
        if (free) {
          period = free;
          teacher = staff.find((periods) => periods.size < TEACHER_SECTIONS && !periods.has(free))!;
        } else staff.push((teacher = new Set()));
      }
      teacher.add(period);
      sections.push(section(`${course.id}-${index + 1}`, course.id, period, SEATS));
    }
    offset += 1;
  }
  const teachers = [...teachersOf.values()].reduce((sum, staff) => sum + staff.length, 0);
  return { students, sections, courses, teachers, singletons };
}

function section(id: string, courseId: string, period: string, capacity: number): SchedulerSection {
  return { id, courseId, slots: slotsOf([{ period, days: [...WEEKDAYS] }]), capacity, seatsTaken: 0, status: 'active' };
}
