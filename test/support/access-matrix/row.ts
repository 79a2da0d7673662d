import type { Caller } from './callers';
import type { MatrixDistrict } from './district';

/**
 * One row per manifest route: which seeded record the route is about (its subject, from which
 * each caller's relationships follow), the request a real app would send (valid body and query),
 * and what an allowed caller gets.
 *
 * Writes are made inert where they would change what other rows rely on: a stale If-Match (412,
 * checked after the caller is authorized), a drop of a student who is on no roster (404 after
 * authorization), a withdrawal dated before the entry date (400 after authorization), a snapshot
 * restored or a scheduler run over a term without sections. The route's resource and action come
 * from the manifest, never from here.
 */
export type Subject =
  /** No JWT authorizer: every caller, whatever token it sends, is served. */
  | 'public'
  /** No record: a district-wide list, or a record that names no school (a new guardian). */
  | 'district'
  /** School A, or a record of school A that no one has a personal relationship with (a course, a code, a new student). */
  | 'school'
  /** A new school. */
  | 'newSchool'
  /** Student X of school A: on the teacher's section, guardian the parent. */
  | 'student'
  /** X's behavior record, reported by X's teacher (`reporter`: the teacher). */
  | 'behaviorRecord'
  /** The teacher's section of school A. */
  | 'section'
  /** The other school's teacher's cover of the section (on past days: it grants nothing today). */
  | 'sectionCover'
  /** X's homeroom teacher's assignment (the colleague: a teacher of school A, not of the section). */
  | 'advisor'
  /** The parent's guardian record (their child X is at school A). */
  | 'guardian'
  /** The teacher's staff record (assigned to school A). */
  | 'staff'
  /** The enrollment request the parent of another child submitted online for a new child of school A. */
  | 'enrollmentRequest'
  /** The caller's own guardian record and inbox (`/v1/me`). */
  | 'self';

export interface MatrixRequest {
  /** The path with its ids filled in, and its query string. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Row {
  readonly subject: Subject;
  readonly request: (district: MatrixDistrict, caller: Caller) => MatrixRequest;
  /** What an allowed caller gets. @default any 2xx */
  readonly allowed?: readonly number[];
  /**
   * The route hides whether the record exists from a caller whose role may use the route but who
   * has no relationship with the record: the same 404 as for a record that does not exist.
   */
  readonly hides?: true;
}

let counter = 0;
/** A number no other request of the run used (unique codes, names, years). */
export const next = () => (counter += 1);
const STALE = { 'if-match': '"999"' } as const;
/** A write with an If-Match no record has: refused with 412 once the caller is authorized. */
export const stale = (path: string, body?: unknown): MatrixRequest => ({ path, headers: STALE, ...(body === undefined ? {} : { body }) });
export const TERM = (d: MatrixDistrict, term = 'S1') => `schoolYear=${d.schoolYear}&term=${term}`;
export const RANGE = 'from=2026-09-01&to=2026-09-30';

/** A read of the subject at a path. */
export const get = (subject: Subject, path: (d: MatrixDistrict) => string, extra: Partial<Row> = {}): Row => ({
  subject,
  request: (d) => ({ path: path(d) }),
  ...extra,
});

/** The generic lifecycle of a record kind: create, read, update, delete, history, restore (and its list). */
export function recordRows(
  collection: string,
  item: string,
  subject: Subject,
  createSubject: Subject,
  paths: { collection: (d: MatrixDistrict) => string; item: (d: MatrixDistrict) => string },
  create: (d: MatrixDistrict) => unknown,
  options: { list?: (d: MatrixDistrict) => string; listSubject?: Subject; createAllowed?: readonly number[] } = {},
): Record<string, Row> {
  return {
    [`POST ${collection}`]: {
      subject: createSubject,
      request: (d) => ({ path: paths.collection(d), body: create(d) }),
      allowed: options.createAllowed ?? [201],
    },
    ...(options.list ? { [`GET ${collection}`]: get(options.listSubject ?? subject, options.list) } : {}),
    [`GET ${item}`]: get(subject, paths.item),
    [`PATCH ${item}`]: { subject, request: (d) => stale(paths.item(d), {}), allowed: [412] },
    [`DELETE ${item}`]: { subject, request: (d) => stale(paths.item(d)), allowed: [412] },
    [`GET ${item}/history`]: get(subject, (d) => `${paths.item(d)}/history`),
    [`POST ${item}/restore`]: { subject, request: (d) => stale(`${paths.item(d)}/restore`, {}), allowed: [412] },
  };
}
