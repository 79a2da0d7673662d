/**
 * The district's OneRoster data as both bindings serve it (decision 0105): the rows the district's
 * files gave, as given, with what the SIS changed since laid over them (a renamed school, a student
 * dropped from a class, a corrected score), then the SIS's own records (made through the API) as
 * rows with sourcedIds of their own. The CSV export writes these rows and the REST API serves them,
 * so the two give the same values and the same ids.
 */
import type { CsvFile } from './binding';
import { sisIdFor } from './csv-ids';
import type { CsvRow } from './csv-rows';
import { DISTRICT_SOURCED_ID, districtRow, type SourcedOf } from './csv-schooling';
import type { Realization, RowStatus, StoredRow } from './roster-rows';
import { overlay } from './sis-columns';
import { deriveRow, nativeRows, type Derivers } from './view-native';

/** A SIS record as the view reads it. */
export interface SisRecord {
  readonly entity: string;
  readonly id: string;
  readonly ids: Readonly<Record<string, string>>;
  readonly version: number;
  readonly data: Record<string, unknown>;
  readonly updatedAt: string;
  readonly deletedAt?: string;
}

export interface ViewInputs {
  /** The kept rows of each file (deleted ones included). */
  readonly rows: Partial<Record<CsvFile, readonly StoredRow[]>>;
  /** The SIS records read, by entity (deleted ones where the reader has them). */
  readonly records: ReadonlyMap<string, readonly SisRecord[]>;
  /** sourcedIds kept by imports made before the rows were kept (SIS id → sourcedId). */
  readonly legacySourcedIds?: ReadonlyMap<string, string>;
  readonly districtName?: string;
  /** Entities whose live records were all read: a kept row whose record is not among them was deleted in the SIS. */
  readonly complete?: ReadonlySet<string>;
}

export interface ViewRow {
  readonly row: CsvRow;
  readonly status: RowStatus;
  /** When the row last changed here (the REST dateLastModified). */
  readonly lastModified: string;
}

export type View = Record<CsvFile, ViewRow[]>;

const later = (a: string, b: string | undefined) => (b && b > a ? b : a);
const keyOf = (entity: string, ids: Readonly<Record<string, string>>) => `${entity}|${Object.values(ids).join('/')}`;

/** The rows of every file, sorted by sourcedId. */
export function buildView(inputs: ViewInputs, files: readonly CsvFile[]): View {
  const byKey = new Map<string, SisRecord>();
  for (const list of inputs.records.values()) for (const record of list) byKey.set(keyOf(record.entity, record.ids), record);
  const record = (realization: Realization | undefined) =>
    realization ? byKey.get(keyOf(realization.entity, realization.ids)) : undefined;
  const rows = (file: CsvFile) => inputs.rows[file] ?? [];

  // Which SIS ids the kept rows stand for, so that a SIS record names them by the district's sourcedIds.
  const sourced = new Map<string, string>(inputs.legacySourcedIds ?? []);
  const realized = new Set<string>();
  const claimed = new Set<string>();
  const OWN_ID: Readonly<Record<string, string>> = {
    school: 'schoolId',
    course: 'courseId',
    section: 'sectionId',
    student: 'studentId',
    staff: 'staffId',
    guardian: 'guardianId',
    assignment: 'assignmentId',
  };
  for (const file of Object.keys(inputs.rows) as CsvFile[]) {
    for (const row of rows(file)) {
      for (const realization of row.sis ?? []) {
        realized.add(`${keyOf(realization.entity, realization.ids)}|${realization.member ?? ''}`);
        const own = realization.member === undefined ? realization.ids[OWN_ID[realization.entity] ?? ''] : undefined;
        if (own) {
          sourced.set(own, row.sourcedId);
          claimed.add(own);
        }
      }
    }
  }
  // A district's course is made in each school that teaches it (realize-schooling.ts), under an id of its own.
  for (const course of rows('courses')) {
    for (const school of inputs.records.get('school') ?? []) {
      const id = sisIdFor('course', `${course.sourcedId}@${school.id}`);
      sourced.set(id, course.sourcedId);
      claimed.add(id);
    }
  }
  const sourcedOf: SourcedOf = (_kind, id) => sourced.get(id) ?? id;
  const sessionOf = new Map<string, string>();
  const years = new Set<string>();
  const hosted = new Map<string, string>();
  for (const row of rows('academicSessions')) {
    const place = row.sis?.[0];
    if (!place || row.status !== 'active') continue;
    if (place.ids.code) sessionOf.set(`${place.ids.schoolYear}|${place.ids.code}`, row.sourcedId);
    // A school year the district's sessions imply, and a full-year term made for a year without terms, are theirs.
    years.add(place.ids.schoolYear!);
    if (place.member && !hosted.has(`${place.ids.schoolYear}|${place.member}`))
      hosted.set(`${place.ids.schoolYear}|${place.member}`, row.sourcedId);
  }
  const districts = rows('orgs').filter((row) => row.status === 'active' && row.row.type === 'district');
  const districtSourcedId = districts.length === 1 ? districts[0]!.sourcedId : DISTRICT_SOURCED_ID;
  const derivers: Derivers = {
    sourcedOf,
    districtSourcedId,
    termSourcedIdOf: (_schoolId, schoolYear, code) => sessionOf.get(`${schoolYear}|${code}`) ?? hosted.get(`${schoolYear}|${code}`),
    covered: (entity, ids, member) => realized.has(`${keyOf(entity, ids)}|${member ?? ''}`),
    claimed: (id) => claimed.has(id),
    sessionCovered: (schoolYear, code) =>
      code === undefined ? years.has(schoolYear) : sessionOf.has(`${schoolYear}|${code}`) || hosted.has(`${schoolYear}|${code}`),
    records: (entity) => inputs.records.get(entity) ?? [],
    record: (entity, ids) => byKey.get(keyOf(entity, ids)),
  };

  const view = {} as View;
  for (const file of files) {
    const out: ViewRow[] = [];
    const userStatus = new Map<string, RowStatus>();
    if (file === 'roles' || file === 'userProfiles' || file === 'demographics') {
      for (const user of keptRows('users')) userStatus.set(user.row.sourcedId!, user.status);
    }
    for (const stored of rows(file)) out.push(kept(file, stored));
    for (const native of nativeRows(file, derivers)) out.push(native);
    if (file === 'orgs' && districts.length === 0 && out.some((row) => row.row.parentSourcedId === DISTRICT_SOURCED_ID)) {
      out.push({ row: districtRow(inputs.districtName ?? 'District'), status: 'active', lastModified: '1970-01-01T00:00:00.000Z' });
    }
    view[file] = dedupe(out).map((entry) => {
      const owner = file === 'demographics' ? entry.row.sourcedId : entry.row.userSourcedId;
      return owner && userStatus.get(owner) === 'tobedeleted' ? { ...entry, status: 'tobedeleted' } : entry;
    });
  }
  return view;

  function keptRows(file: CsvFile): ViewRow[] {
    return (view[file] ?? rows(file).map((stored) => kept(file, stored))) as ViewRow[];
  }

  /** A kept row with the SIS's changes laid over it. */
  function kept(file: CsvFile, stored: StoredRow): ViewRow {
    const base = { row: stored.row, status: stored.status, lastModified: stored.updatedAt };
    const realization = stored.sis?.[0];
    if (!realization || stored.status !== 'active' || stored.sis!.length > 1 || file === 'academicSessions') return base;
    const found = record(realization);
    if (!found) return inputs.complete?.has(realization.entity) ? { ...base, status: 'tobedeleted' } : base;
    if (found.deletedAt) return { ...base, status: 'tobedeleted', lastModified: later(base.lastModified, found.deletedAt) };
    if (realization.member && file === 'enrollments') {
      const teachers = (found.data.teachers as { staffId: string }[] | undefined) ?? [];
      return teachers.some((teacher) => teacher.staffId === realization.member)
        ? base
        : { ...base, status: 'tobedeleted', lastModified: later(base.lastModified, found.updatedAt) };
    }
    if (found.version === realization.version) return base;
    const now = deriveRow(file, found, realization.member, derivers);
    if (!now) return base;
    return {
      row: overlay(file, stored.row, { ...stored.row, ...stored.derived }, now),
      status: 'active',
      lastModified: later(base.lastModified, found.updatedAt),
    };
  }
}

/** One row per sourcedId (a district's session is in every school's calendar), the first kept. */
function dedupe(rows: readonly ViewRow[]): ViewRow[] {
  const seen = new Map<string, ViewRow>();
  for (const row of rows) if (!seen.has(row.row.sourcedId!)) seen.set(row.row.sourcedId!, row);
  return [...seen.values()].sort((a, b) => (a.row.sourcedId! < b.row.sourcedId! ? -1 : a.row.sourcedId! > b.row.sourcedId! ? 1 : 0));
}
