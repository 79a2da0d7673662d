import { decide, rolesFor, type Facts } from '../../../domain/policy';
import type { Principal } from '../../../domain/principal';
import { isScopeAccess, routeKey, type RouteSpec } from '../../../functions/manifest';
import type { ApiClient } from '../api';
import type { Caller } from './callers';
import type { MatrixDistrict } from './district';
import { ROWS, type Row, type Subject } from './rows';

/** What a caller should get from a route: served (one of these statuses) or refused (exactly this one). */
export type Expectation =
  | { readonly allowed: true; readonly statuses: readonly number[] | '2xx' }
  | { readonly allowed: false; readonly status: number };

/** The facts the policy decides on: the caller's relationships to the route's subject in the seeded district. */
export function factsFor(subject: Subject, principal: Principal, d: MatrixDistrict): Facts {
  const ofStudent = {
    schoolIds: [d.schoolId],
    guardianOfStudent: principal.guardianId === d.guardianId,
    teacherOfStudent: principal.staffId === d.teacherId,
    // The colleague is X's homeroom teacher (decision 0148).
    advisorOfStudent: principal.staffId === d.colleagueId,
  };
  switch (subject) {
    case 'public':
    case 'district':
      return {};
    case 'school':
      return { schoolIds: [d.schoolId] };
    case 'newSchool':
      return { schoolIds: ['a school that does not exist yet'] };
    case 'student':
      return ofStudent;
    case 'behaviorRecord':
      return { ...ofStudent, reportedBy: d.teacherId };
    case 'advisor':
      return { ...ofStudent, staffId: d.colleagueId };
    case 'section':
      return { schoolIds: [d.schoolId], teacherOfSection: principal.staffId === d.teacherId };
    case 'sectionCover':
      return { schoolIds: [d.schoolId], teacherOfSection: principal.staffId === d.teacherId, staffId: d.otherTeacherId };
    case 'guardian':
      return { guardianId: d.guardianId, schoolIds: [d.schoolId] };
    case 'staff':
      return { staffId: d.teacherId, schoolIds: [d.schoolId] };
    case 'enrollmentRequest':
      // A new child Z of school A, on no roster; none of the callers is Z's guardian.
      return { schoolIds: [d.schoolId], guardianOfStudent: false, teacherOfStudent: false, requestedBy: d.familySub };
    case 'self':
      return principal.guardianId ? { guardianId: principal.guardianId } : {};
  }
}

/**
 * The expectation, derived from the manifest (the route's resource and action, or public) and the
 * policy's RULES (`decide`, and `rolesFor` for the coarse gate on the route):
 * - public route: served, whatever the token;
 * - a token the JWT authorizer refuses (a machine client's on a role route, a person's on a
 *   OneRoster route, or one it cannot verify), or none: 401;
 * - a role the route's rules do not name: 403 (the gate, before any record is read);
 * - a role the rules name, without the relationship: 403, or 404 where the route hides existence;
 * - otherwise served: the row's statuses (2xx unless the request is made inert on purpose).
 */
export function expectationFor(route: RouteSpec, row: Row, caller: Caller, d: MatrixDistrict): Expectation {
  const served: Expectation = { allowed: true, statuses: row.allowed ?? '2xx' };
  if (route.access === null) return served;
  const principal = caller.principal;
  if (!principal) return { allowed: false, status: 401 };
  // Audiences exact (decision 0139): the OneRoster routes' authorizer takes the machine clients' tokens
  // only, the other routes' the apps' only; a token of the other kind is refused before any handler.
  if (isScopeAccess(route.access) !== (caller.scopes !== undefined)) return { allowed: false, status: 401 };
  if (isScopeAccess(route.access)) {
    // Any one of the route's scopes opens it.
    const scopes = route.access.scopes;
    return caller.scopes?.some((scope) => scopes.includes(scope)) ? served : { allowed: false, status: 403 };
  }
  const { resource, action } = route.access;
  if (decide(principal, action, resource, factsFor(row.subject, principal, d))) return served;
  const passesGate = principal.roles.some((role) => rolesFor(resource, action).includes(role));
  return { allowed: false, status: passesGate && row.hides ? 404 : 403 };
}

export interface Cell {
  readonly route: string;
  readonly caller: string;
  readonly expected: Expectation;
  readonly status: number;
  readonly ok: boolean;
  readonly detail: string;
}

const describeExpectation = (expected: Expectation) =>
  expected.allowed ? `allowed (${expected.statuses === '2xx' ? '2xx' : expected.statuses.join(' or ')})` : `denied (${expected.status})`;

/** The row of a route; a route without one throws, naming it. */
export function rowOf(route: RouteSpec): Row {
  const row = ROWS[routeKey(route)];
  if (!row) throw new Error(`the access matrix has no row for ${routeKey(route)}: add one in test/support/access-matrix/rows-*.ts`);
  return row;
}

/**
 * Calls every route as every caller and judges each answer. The routes run `concurrency` at a
 * time; one route's callers run one after another, in order, so writes to the same record never race.
 */
export async function runMatrix(
  api: ApiClient,
  routes: readonly RouteSpec[],
  callers: readonly Caller[],
  d: MatrixDistrict,
  concurrency = 16,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const queue = [...routes];
  const worker = async () => {
    for (let route = queue.shift(); route; route = queue.shift()) {
      const row = rowOf(route);
      for (const caller of callers) {
        const request = row.request(d, caller);
        const answer = await api.call(route.method, request.path, {
          ...(caller.token ? { token: caller.token } : {}),
          ...(request.body === undefined ? {} : { body: request.body }),
          ...(request.headers ? { headers: { ...request.headers } } : {}),
        });
        const expected = expectationFor(route, row, caller, d);
        const ok = expected.allowed
          ? expected.statuses === '2xx'
            ? answer.status >= 200 && answer.status < 300
            : expected.statuses.includes(answer.status)
          : answer.status === expected.status;
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
        cells.push({
          route: routeKey(route),
          caller: caller.id,
          expected,
          status: answer.status,
          ok,
          detail: `${routeKey(route)} as ${caller.id}: expected ${describeExpectation(expected)}, got ${answer.status} ${body.slice(0, 200)}`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return cells;
}
