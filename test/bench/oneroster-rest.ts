/**
 * A vendor's OneRoster sync mix (a learning platform, School Data Sync, a Clever-style client)
 * against the REST read operations: page through users, classes and enrollments 100 at a time, and
 * ask for what changed since the last sync (`filter=dateLastModified>'…'`), several clients at once,
 * for a while. Calls the use cases the HTTP handler calls and serializes each page as it would, so
 * the figures leave out API Gateway and Lambda's own overhead.
 */
import { performance } from 'node:perf_hooks';
import type { ObjectKind } from '../../domain/oneroster/rest-fields';
import type { Services } from '../../functions/services';
import { readCollection } from '../../functions/use-cases/oneroster/read';
import { percentile } from './support';

interface Request {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly raw: Record<string, string>;
}

/** One client's sync: every page of each collection, then the deltas. */
function* syncOf(totals: Readonly<Record<string, number>>, since: string): Generator<Request> {
  for (const [name, kind] of [
    ['users', 'user'],
    ['classes', 'class'],
    ['enrollments', 'enrollment'],
  ] as const) {
    for (let offset = 0; offset < Math.max(1, totals[name] ?? 0); offset += 100)
      yield { name, kind, raw: { limit: '100', offset: String(offset) } };
  }
  for (const [name, kind] of [
    ['users', 'user'],
    ['enrollments', 'enrollment'],
  ] as const) {
    yield { name, kind, raw: { limit: '100', filter: `dateLastModified>'${since}'` } };
  }
}

export async function restSyncMix(
  services: Services,
  options: { seconds: number; clients?: number; since: string },
  say: (line: string) => void,
): Promise<Record<string, number>> {
  const clients = options.clients ?? 4;
  const call = async (request: Request) => {
    const started = performance.now();
    const answer = await readCollection(services, request.name, request.kind, {}, request.raw);
    JSON.stringify({ [request.name]: answer.items });
    return { ms: performance.now() - started, total: answer.total };
  };
  say(`REST: ${clients} clients syncing for ${options.seconds} s…`);
  const first = await call({ name: 'users', kind: 'user', raw: { limit: '100' } });
  const totals: Record<string, number> = { users: first.total };
  for (const [name, kind] of [
    ['classes', 'class'],
    ['enrollments', 'enrollment'],
  ] as const)
    totals[name] = (await call({ name, kind, raw: { limit: '1' } })).total;
  const latencies: number[] = [];
  const until = performance.now() + options.seconds * 1000;
  let syncs = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        for (const request of syncOf(totals, options.since)) {
          if (performance.now() >= until) return;
          latencies.push((await call(request)).ms);
        }
        syncs += 1;
      }
    }),
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  say(
    `  ${sorted.length} requests, ${syncs} whole syncs; users ${totals.users}, classes ${totals.classes}, enrollments ${totals.enrollments}`,
  );
  return {
    restUsers: totals.users ?? 0,
    restEnrollments: totals.enrollments ?? 0,
    restFirstRequestMs: Math.round(first.ms),
    restRequests: sorted.length,
    restRequestsPerSecond: Math.round(sorted.length / options.seconds),
    restMeanMs: Math.round(mean),
    restP50Ms: Math.round(percentile(sorted, 50)),
    restP95Ms: Math.round(percentile(sorted, 95)),
  };
}
