/**
 * Grade passback as a learning platform does it over the OneRoster REST binding: a category, a line
 * item, then one PUT per student's result, one call at a time; then the same results again (a
 * replace that changes nothing) and each corrected (a replace that writes, with its history and
 * notices). Calls the use cases the HTTP handler calls, so the figures leave out API Gateway and
 * Lambda's own overhead.
 */
import { performance } from 'node:perf_hooks';
import type { Principal } from '../../domain/principal';
import { OneRosterRows } from '../../functions/repositories/oneroster-rows';
import type { Services } from '../../functions/services';
import { putCategory } from '../../functions/use-cases/oneroster/category-writes';
import { putLineItem, putResult } from '../../functions/use-cases/oneroster/gradebook-writes';
import { percentile } from './support';

const PLATFORM: Principal = { sub: 'bench-lms', roles: [], schoolIds: [] };

/** The imported class with the most students, and their sourcedIds. */
async function largestClass(services: Services): Promise<{ classSourcedId: string; students: string[] }> {
  const rows = new OneRosterRows(services.records, services.transactions);
  const [classes, enrollments] = await Promise.all([rows.readFile('classes'), rows.readFile('enrollments')]);
  const byClass = new Map<string, string[]>();
  for (const row of enrollments.values()) {
    if (row.status !== 'active' || row.row.role !== 'student') continue;
    const classSourcedId = row.row.classSourcedId!;
    if (!classes.get(classSourcedId)?.sis?.[0]?.ids.sectionId) continue;
    byClass.set(classSourcedId, [...(byClass.get(classSourcedId) ?? []), row.row.userSourcedId!]);
  }
  const [classSourcedId, students] = [...byClass].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!classSourcedId || !students) throw new Error('no imported class with students to post grades to');
  return { classSourcedId, students };
}

export async function gradePassback(services: Services, say: (line: string) => void): Promise<Record<string, number>> {
  const context = { principal: PLATFORM };
  const { classSourcedId, students } = await largestClass(services);
  say(`Grade passback: one line item and ${students.length} results into class ${classSourcedId}, one call at a time…`);
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const categoryMs = await timed(() => putCategory(services, 'bench-cat', { category: { title: 'Platform work', weight: 10 } }, context));
  const lineItem = {
    lineItem: {
      title: 'Platform quiz',
      assignDate: '2026-09-01T00:00:00Z',
      dueDate: '2026-09-04T00:00:00Z',
      class: { sourcedId: classSourcedId },
      category: { sourcedId: 'bench-cat' },
      resultValueMax: 100,
    },
  };
  const lineItemMs = await timed(() => putLineItem(services, 'bench-li', lineItem, context));
  const pass = async (score: (index: number) => number) => {
    const latencies: number[] = [];
    for (const [index, student] of students.entries()) {
      const body = {
        result: { lineItem: { sourcedId: 'bench-li' }, student: { sourcedId: student }, scoreStatus: 'fully graded', score: score(index) },
      };
      latencies.push(await timed(() => putResult(services, `bench-r-${index}`, body, context)));
    }
    return latencies.sort((a, b) => a - b);
  };
  const created = await pass((index) => 60 + (index % 40));
  const same = await pass((index) => 60 + (index % 40));
  const corrected = await pass((index) => 61 + (index % 40));
  const mean = (sorted: number[]) => sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    passbackResults: students.length,
    passbackCategoryMs: Math.round(categoryMs),
    passbackLineItemMs: Math.round(lineItemMs),
    passbackCreateMeanMs: Math.round(mean(created)),
    passbackCreateP95Ms: Math.round(percentile(created, 95)),
    passbackSameMeanMs: Math.round(mean(same)),
    passbackCorrectMeanMs: Math.round(mean(corrected)),
    passbackCorrectP95Ms: Math.round(percentile(corrected, 95)),
  };
}
