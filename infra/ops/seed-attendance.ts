/**
 * The seed's attendance (SIS-only, OneRoster has no file for it): a few weeks of every seeded
 * section's marks, taken through the attendance use case the API's
 * `PUT /v1/sections/{sectionId}/attendance/{date}` runs, once the roster import has placed the
 * students. Mostly present, with a few absences and tardies chosen from each student and day.
 */
import { createHash } from 'node:crypto';
import type { Services } from '../../functions/services';
import { takeAttendance } from '../../functions/use-cases/attendance/take-attendance';
import { IMPORTER, retryingContention } from './oneroster-writes';

/** The school days the seed takes attendance on: three weeks of November, no holiday among them. */
export function seedAttendanceDays(from = '2026-11-02', weeks = 3): string[] {
  const days: string[] = [];
  const start = new Date(`${from}T00:00:00Z`);
  for (let offset = 0; offset < weeks * 7; offset += 1) {
    const day = new Date(start.getTime() + offset * 86_400_000);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/** One student's mark for a day: 1 in 25 absent, 1 in 25 tardy, the rest present (the same every run). */
function markOf(studentId: string, date: string) {
  const roll = createHash('sha256').update(`${studentId}:${date}`).digest()[0]! % 25;
  if (roll === 0) return { studentId, code: 'A' };
  if (roll === 1) return { studentId, code: 'T', minutesLate: 5 + (roll % 10) };
  return { studentId, code: 'P' };
}

/** Takes every section's attendance on each day, `concurrency` sections at a time; answers the days written. */
export async function writeSeedAttendance(
  services: Services,
  sections: readonly { sectionId: string; roster: readonly string[] }[],
  days: readonly string[],
  concurrency = 8,
): Promise<number> {
  const work = sections.filter((section) => section.roster.length > 0).flatMap((section) => days.map((date) => ({ section, date })));
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, work.length) }, async () => {
      for (let index = next++; index < work.length; index = next++) {
        const { section, date } = work[index]!;
        const marks = section.roster.map((studentId) => markOf(studentId, date));
        await retryingContention(() =>
          takeAttendance(services, section.sectionId, date, { marks }, { principal: IMPORTER, reason: 'Seeded attendance' }),
        );
        written += 1;
      }
    }),
  );
  return written;
}
