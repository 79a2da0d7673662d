/**
 * How well the automatic scheduler fills schedules when the seats suffice (issue 23, point 8): a
 * 2,500-student high school (high-school-requests.ts), scheduled by the scheduler the API runs
 * (domain/scheduling/scheduler.ts) and, in the same run, by a plain greedy pass (students in order,
 * each request in order, the first section with a seat and no clash). The pure functions only:
 * writing the placements is what `bench:scheduling` measures.
 *
 *   npm run bench:scheduler-quality -- [--students 2500] [--seed 2026] [--json]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { schedule, type ScheduleInput, type ScheduleResult } from '../../domain/scheduling/scheduler';
import { highSchool } from './high-school-requests';

/** The plain greedy pass: no turns, no balancing, no repair. */
export function greedy(input: ScheduleInput): ScheduleResult {
  const taken = new Map(input.sections.map((section) => [section.id, section.seatsTaken]));
  let requested = 0;
  let placedCount = 0;
  const students = input.students.map((student) => {
    const busy = new Set<string>();
    const placed: { courseId: string; sectionId: string; viaAlternate?: string }[] = [];
    const unplaced: { courseId: string; reason: 'conflict' }[] = [];
    for (const request of [...student.requests].sort((a, b) => a.priority - b.priority)) {
      let done = false;
      for (const courseId of [request.courseId, ...(request.alternates ?? [])]) {
        const section = input.sections.find(
          (candidate) =>
            candidate.courseId === courseId &&
            taken.get(candidate.id)! < candidate.capacity &&
            !candidate.slots.some((slot) => busy.has(slot)),
        );
        if (!section) continue;
        taken.set(section.id, taken.get(section.id)! + 1);
        section.slots.forEach((slot) => busy.add(slot));
        placed.push(
          courseId === request.courseId
            ? { courseId, sectionId: section.id }
            : { courseId, sectionId: section.id, viaAlternate: request.courseId },
        );
        done = true;
        break;
      }
      if (!done) unplaced.push({ courseId: request.courseId, reason: 'conflict' });
    }
    requested += student.requests.length;
    placedCount += placed.length;
    return {
      studentId: student.id,
      placed,
      unplaced,
      totals: { requested: student.requests.length, placed: placed.length, unplaced: unplaced.length },
    };
  });
  return {
    students,
    sections: input.sections.map((section) => ({ id: section.id, capacity: section.capacity, seatsTaken: taken.get(section.id)! })),
    totals: { requested, placed: placedCount, unplaced: requested - placedCount },
  };
}

/** The figures the issue names, from one result. */
export function quality(result: ScheduleResult) {
  const { requested, placed } = result.totals;
  const viaAlternate = result.students.reduce(
    (sum, student) => sum + student.placed.filter((placement) => placement.viaAlternate).length,
    0,
  );
  const complete = result.students.filter((student) => student.totals.unplaced === 0).length;
  const share = (part: number, whole: number) => Number(((100 * part) / Math.max(1, whole)).toFixed(2));
  return {
    completeSchedulesPercent: share(complete, result.students.length),
    requestsMetPercent: share(placed, requested),
    firstChoicePercent: share(placed - viaAlternate, requested),
    viaAlternatePercent: share(viaAlternate, requested),
    unplaced: requested - placed,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '2500' },
      seed: { type: 'string', default: '2026' },
      json: { type: 'boolean', default: false },
    },
  });
  const school = highSchool(Number(values.students), Number(values.seed));
  const input: ScheduleInput = { seed: Number(values.seed), sections: school.sections, courses: school.courses, students: school.students };
  const timed = (run: () => ScheduleResult) => {
    const started = performance.now();
    const result = run();
    return { result, ms: Math.round(performance.now() - started) };
  };
  const scheduler = timed(() => schedule(input));
  const baseline = timed(() => greedy(input));
  const ours = { ...quality(scheduler.result), ms: scheduler.ms };
  const plain = { ...quality(baseline.result), ms: baseline.ms };
  const requests = school.students.reduce((sum, student) => sum + student.requests.length, 0);
  const rows: [string, string | number, string | number][] = [
    ['complete schedules (goal ≥ 98%)', `${ours.completeSchedulesPercent}%`, `${plain.completeSchedulesPercent}%`],
    ['requests met (goal ≥ 95%)', `${ours.requestsMetPercent}%`, `${plain.requestsMetPercent}%`],
    ['  as first choice', `${ours.firstChoicePercent}%`, `${plain.firstChoicePercent}%`],
    ['  through an alternate', `${ours.viaAlternatePercent}%`, `${plain.viaAlternatePercent}%`],
    ['requests not met', ours.unplaced, plain.unplaced],
    ['time (ms)', ours.ms, plain.ms],
  ];
  process.stdout.write(
    `${school.students.length} students, ${requests} requests, ${school.sections.length} sections (${school.singletons} singletons), ${school.teachers} teachers, 8 periods\n\n` +
      `| figure | the scheduler | plain greedy |\n|---|---:|---:|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`,
  );
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ students: school.students.length, requests, sections: school.sections.length, singletons: school.singletons, teachers: school.teachers, scheduler: ours, greedy: plain })}\n`,
    );
}

if (process.argv[1]?.endsWith('scheduler-quality.ts')) main();
