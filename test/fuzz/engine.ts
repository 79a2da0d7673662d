import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { ONEROSTER_SCOPE_NAMES, oneRosterScope } from '../../domain/oneroster/rest-routes';
import { ROUTES, isScopeAccess, routeKey } from '../../functions/manifest';
import type { LocalRuntime } from '../../infra/local/runtime';
import type { ApiClient } from '../support/api';
import { contractMismatch, routeOf } from '../support/contract';
import { guardianLinkType, guardianType } from '../../domain/records/record-types';
import { createRecord } from '../../functions/use-cases/records/create-record';
import { guardianBody, linkBody, newEnrollmentBody } from '../support/fixtures';
import { as } from '../support/principals';
import { seedCourse, seedEnrollment, seedRoster, seedSchool, seedSchoolYear, seedSection, seedStaff, storeServices } from '../support/seed';
import { anyRequest, type Caller, type FuzzRequest, type RequestSpace } from './requests';

/** What one request got, judged. */
export interface Verdict {
  readonly request: FuzzRequest;
  readonly status: number;
  readonly fiveHundred: boolean;
  readonly nonProblemError: boolean;
  readonly partialWrite: boolean;
  readonly contractViolation?: string;
  readonly detail: string;
}

export interface FuzzTotals {
  cases: number;
  fiveHundreds: number;
  nonProblemErrors: number;
  partialWrites: number;
  contractViolations: number;
  routesCovered: number;
  byStatus: Record<string, number>;
  examples: string[];
}

/**
 * A small district, so the fuzzer's requests name records that exist: two schools (one with a
 * calendar), a teacher with a section, an enrolled student on its roster, and a guardian linked to
 * the student. It is made through the store with the use cases the API calls (test/support/seed.ts):
 * what the fuzzer tries is the API, not the enrollment queue.
 */
export async function seedDistrict(
  api: ApiClient,
  runtime: LocalRuntime,
): Promise<{ space: RequestSpace; tokens: Record<Caller, string | undefined> }> {
  const admin = api.token('district_admin');
  const services = storeServices(runtime);
  const district = as.districtAdmin();
  const school = await seedSchool(services, { name: 'Fuzz High', type: 'high', gradeLevels: ['09'] });
  const other = await seedSchool(services, { name: 'Other High', type: 'high', gradeLevels: ['09'] });
  await seedSchoolYear(services, school.id);
  const teacherId = await seedStaff(services, [school.id]);
  const request = await seedEnrollment({ services }, newEnrollmentBody(school.id, { gradeLevel: '09' }));
  if (request.status !== 'ENROLLED') throw new Error(`seeding: the enrollment was ${request.status}`);
  const studentId = request.studentId!;
  const courseId = await seedCourse(services, school.id, 'FUZZ', { title: 'Fuzzing', subject: 'science' });
  const sectionId = await seedSection(services, school.id, courseId, {
    period: 'P2',
    meetings: [{ period: 'P2', days: ['MON', 'WED', 'FRI'] }],
    teachers: [{ staffId: teacherId, role: 'primary' }],
  });
  await seedRoster(services, sectionId, [studentId]);
  const guardian = (await createRecord(services, guardianType, {}, guardianBody(), { principal: district })).result.record;
  await createRecord(services, guardianLinkType, { studentId }, linkBody(guardian.id as string), { principal: district });
  // The events of the seeding go through the relay, the bus and the audit consumer before any request.
  await runtime.idle();

  const values = {
    schoolId: [school.id, other.id],
    studentId: [studentId],
    guardianId: [guardian.id as string],
    staffId: [teacherId],
    courseId: [courseId],
    sectionId: [sectionId],
    requestId: [request.id],
    schoolYear: ['2026-2027'],
    termCode: ['S1'],
    code: ['P', 'A', 'T'],
    date: ['2026-09-02', '2026-09-07'],
    period: ['P2'],
    // OneRoster names records by sourcedId: the same ids, and the composite ones (docs/oneroster.md).
    schoolSourcedId: [school.id, other.id, 'district'],
    classSourcedId: [sectionId],
    studentSourcedId: [studentId],
    teacherSourcedId: [teacherId],
    courseSourcedId: [courseId],
    termSourcedId: [`${school.id}.2026-2027.term.S1`],
    lineItemSourcedId: [`${sectionId}.x`],
    sourcedId: [school.id, studentId, teacherId, courseId, sectionId, guardian.id as string, `${school.id}.2026-2027.term.S1`],
  } as Record<string, string[]>;
  return {
    space: {
      known: values,
      pathValues: Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.map(encodeURIComponent)])),
    },
    tokens: {
      districtAdmin: admin,
      schoolAdmin: api.token('school_admin', { schoolIds: [school.id] }),
      otherSchoolAdmin: api.token('school_admin', { schoolIds: [other.id] }),
      teacher: api.token('teacher', { staffId: teacherId, schoolIds: [school.id] }),
      counselor: api.token('counselor', { schoolIds: [school.id] }),
      parent: api.token('parent', { guardianId: guardian.id as string }),
      anonymous: undefined,
      rosterClient: api.clientToken(
        'fuzz-client',
        ONEROSTER_SCOPE_NAMES.map((name) => oneRosterScope(name)),
      ),
      forged: `${admin.slice(0, -8)}AAAAAAAA`,
    },
  };
}

/** A hash of every item in the table: equal before and after means nothing was written. */
async function tableFingerprint(runtime: LocalRuntime): Promise<string> {
  const hash = createHash('sha256');
  const items: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await runtime.dynamoClient.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    start = page.LastEvaluatedKey;
  } while (start);
  for (const item of items.sort()) hash.update(item);
  return hash.digest('hex');
}

const mediaType = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? null;

/** One HTTP exchange over node:http, which (unlike fetch) sends a body with GET, as API Gateway accepts. */
export function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
): Promise<{ status: number; contentType: string | null; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? null,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * What the fuzzer knows of the table between two requests: whether the work an accepted write set
 * off (queues, the stream relay, the audit consumer) may still be under way, and the table's hash
 * when nothing can have changed it since it was taken.
 */
export interface TableState {
  settled: boolean;
  fingerprint?: string;
}

/**
 * Sends one request and judges the answer. A write's table hash is taken before it once the work
 * that an earlier accepted write set off is done, and again right after a refusal: a refused
 * request that wrote anything changes the hash. The hash after a refusal is the hash before the
 * next write when nothing ran in between (`state.fingerprint`); a refusal by the gateway, which
 * invokes no function, leaves it as it was.
 */
export async function runCase(
  runtime: LocalRuntime,
  tokens: Record<Caller, string | undefined>,
  request: FuzzRequest,
  state: TableState = { settled: false },
): Promise<Verdict> {
  const write = request.method !== 'GET';
  let before: string | undefined;
  if (write) {
    if (!state.settled) {
      await runtime.idle();
      state.fingerprint = undefined;
    }
    state.settled = true;
    before = state.fingerprint ?? (await tableFingerprint(runtime));
    state.fingerprint = undefined;
  }
  const token = tokens[request.caller];
  let status: number;
  let contentType: string | null;
  let text: string;
  try {
    const response = await send(
      `${runtime.apiUrl}${request.url}`,
      request.method,
      { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      request.body,
    );
    status = response.status;
    contentType = response.contentType;
    text = response.text;
  } catch (error) {
    // A connection the server dropped is what a client sees of a crash.
    status = 599;
    contentType = null;
    text = String(error);
  }
  let body: unknown = text || undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  const problem = body as { status?: unknown } | undefined;
  const path = new URL(request.url, 'http://x').pathname;
  // API Gateway's own answers, which no function gives: the JWT authorizer's 401 (its body is in
  // the contract) and the 404 of a path that names no route (a segment such as `..` or `%2F`).
  const gatewayAnswer =
    (status === 401 && (contentType?.startsWith('application/json') ?? false)) ||
    // A token without the route's scope: API Gateway's authorizationScopes answer 403 themselves.
    (status === 403 && isScopeAccess(request.route.access) && (contentType?.startsWith('application/json') ?? false)) ||
    (status === 404 && routeOf(request.method, path) === undefined);
  // OneRoster routes refuse with imsx_StatusInfo (decision 0076), every other route with problem+json
  // (A request line or headers too long never reach a route: the server's 431 is problem+json for all.)
  const imsx = request.route.errors === 'imsx' && status !== 431;
  const nonProblemError =
    status >= 400 &&
    status < 500 &&
    !gatewayAnswer &&
    (imsx
      ? mediaType(contentType) !== 'application/json' || (body as { imsx_codeMajor?: unknown } | undefined)?.imsx_codeMajor !== 'failure'
      : mediaType(contentType) !== 'application/problem+json' || problem?.status !== status);
  let partialWrite = false;
  if (write && status >= 400) {
    // The gateway's own refusals ({ message } and nothing else) come before any function runs.
    const noFunctionRan = gatewayAnswer && typeof body === 'object' && body !== null && Object.keys(body).join() === 'message';
    const after = noFunctionRan ? before : await tableFingerprint(runtime);
    partialWrite = after !== before;
    state.fingerprint = after;
  } else if (write) state.settled = false;
  // A request line or headers too long are refused before any route is matched (431).
  const contractViolation =
    status < 500 && status !== 431 ? contractMismatch({ method: request.method, path, status, contentType, body }) : undefined;
  return {
    request,
    status,
    fiveHundred: status >= 500,
    nonProblemError,
    partialWrite,
    ...(contractViolation ? { contractViolation } : {}),
    detail: `${request.method} ${routeKey(request.route).split(' ')[1]} as ${request.caller} [${request.mutation}] → ${status} ${text.slice(0, 160)}`,
  };
}

/**
 * The requests, generated a batch at a time (some bodies are megabytes: 20,000 of them at once do
 * not fit in memory); batch i uses seed + i, so a seeded run is repeatable.
 */
function* requestStream(arbitrary: fc.Arbitrary<FuzzRequest>, cases: number, seed = Date.now() % 2 ** 31): Generator<FuzzRequest> {
  const BATCH = 100;
  for (let batch = 0; batch * BATCH < cases; batch += 1) {
    yield* fc.sample(arbitrary, { numRuns: Math.min(BATCH, cases - batch * BATCH), seed: seed + batch });
  }
}

/** Runs `cases` generated requests (seeded, so a run can be repeated) and adds up the verdicts. */
export async function fuzz(
  runtime: LocalRuntime,
  seeded: Awaited<ReturnType<typeof seedDistrict>>,
  options: { cases: number; seed?: number; onProgress?: (done: number) => void },
): Promise<FuzzTotals> {
  const totals: FuzzTotals = {
    cases: 0,
    fiveHundreds: 0,
    nonProblemErrors: 0,
    partialWrites: 0,
    contractViolations: 0,
    routesCovered: 0,
    byStatus: {},
    examples: [],
  };
  const covered = new Set<string>();
  const violations = new Set<string>();
  const tally = (verdict: Verdict) => {
    totals.cases += 1;
    covered.add(routeKey(verdict.request.route));
    totals.byStatus[verdict.status] = (totals.byStatus[verdict.status] ?? 0) + 1;
    if (verdict.fiveHundred) totals.fiveHundreds += 1;
    if (verdict.nonProblemError) totals.nonProblemErrors += 1;
    if (verdict.partialWrite) totals.partialWrites += 1;
    if (verdict.contractViolation && !violations.has(verdict.contractViolation)) {
      violations.add(verdict.contractViolation);
      totals.contractViolations += 1;
      if (totals.examples.length < 20) totals.examples.push(`contract: ${verdict.contractViolation} — ${verdict.detail}`);
    }
    if ((verdict.fiveHundred || verdict.nonProblemError || verdict.partialWrite) && totals.examples.length < 20)
      totals.examples.push(
        `${verdict.fiveHundred ? '5xx' : verdict.nonProblemError ? 'not problem+json' : 'partial write'}: ${verdict.detail}`,
      );
    options.onProgress?.(totals.cases);
  };
  const state: TableState = { settled: false };
  const requests = requestStream(anyRequest(seeded.space, ROUTES), options.cases, options.seed);
  // A hundred requests at a time: the reads at once, a few in flight (they take no table hash, and
  // a read that writes an access-log entry is over before any write's hash is taken), then the
  // writes one by one, each between its two hashes.
  for (let batch = take(requests, 100); batch.length > 0; batch = take(requests, 100)) {
    const reads = batch.filter((request) => request.method === 'GET');
    await inPool(reads, CONCURRENT_READS, async (request) => tally(await runCase(runtime, seeded.tokens, request, state)));
    if (reads.length > 0) state.fingerprint = undefined;
    for (const request of batch.filter((candidate) => candidate.method !== 'GET'))
      tally(await runCase(runtime, seeded.tokens, request, state));
  }
  totals.routesCovered = covered.size;
  return totals;
}

/** Reads in flight at once: the API and DynamoDB Local each get a core while the other works. */
const CONCURRENT_READS = 4;

function take<T>(items: Iterator<T>, count: number): T[] {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = items.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

async function inPool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
