import type * as z from 'zod';
import type { FieldIssue } from '../errors';
import { newId } from '../ids';
import type { IndexKeys, Key } from '../keys';
import type { Resource } from '../policy';

/** The path parameters that identify a record, e.g. `{ schoolId, schoolYear }`. */
export type Ids = Readonly<Record<string, string>>;
/** A record's data whatever its kind (the generic record routes, the contract). */
export type RecordData = Record<string, unknown>;

/** A record that must exist (and not be deleted) for a write to go through. */
export interface Reference {
  readonly type: RecordKind;
  readonly ids: Ids;
  /** The field of the request that names it, for the error message. */
  readonly field: string;
}

/** A value that must be unique across the district, claimed by its own item. */
export interface UniqueClaim {
  readonly key: Key;
  readonly field: string;
  /** What to tell the caller when another record holds the value. @default "<field> <value> already belongs to another <label>" */
  readonly message?: string;
}

/** An extra item kept in step with the record (for example one per staff school assignment). */
export type Projection = Key & IndexKeys;

/** The EventBridge sources of record events. */
export type RecordSource =
  | 'sis.schools'
  | 'sis.people'
  | 'sis.scheduling'
  | 'sis.attendance'
  | 'sis.gradebook'
  | 'sis.health'
  | 'sis.counseling';

/**
 * Everything the record engine needs to know about one kind of record, typed by its data `T`
 * (its schema's output): what `records.get(studentType, ids)` answers and what a write takes.
 * The engine gives each kind the same lifecycle: create, read, patch with If-Match, soft delete,
 * history and restore, each change one transaction with its history and outbox items.
 * `RecordKind` alone (data `RecordData`) is a kind of any record: the functions below are
 * methods, so a `RecordKind<Student>` is one.
 */
export interface RecordKind<T extends RecordData = RecordData> {
  /** The `entity` tag on the item. */
  readonly entity: string;
  /** Human name; events are named "<label> Created", "<label> Updated", … */
  readonly label: string;
  readonly resource: Resource;
  /** EventBridge source of this record's events. */
  readonly source: RecordSource;
  /** The record's data, as the handlers validate it and the contract shows it. */
  readonly schema: z.ZodObject & z.ZodType<T>;
  /** Path parameters identifying the record; the last one is its own id. */
  readonly idParams: readonly string[];
  /** Fields a PATCH may not change (the record's identity). */
  readonly immutable: readonly string[];
  /**
   * Fields that decide who else may see the record (a school's region): a PATCH that changes one
   * needs the caller's grant to create such a record, not only to update it.
   */
  readonly accessFields: readonly string[];
  /**
   * When true, a deleted record gives up its unique claims (a deleted section frees its room and
   * teachers' slots) and takes them again when restored; otherwise claims are kept while deleted.
   */
  readonly releaseClaimsWhenDeleted: boolean;
  key(ids: Ids): Key;
  /** The id a new record gets. */
  newId(data: T): string;
  check(data: T, today: string): FieldIssue[];
  indexKeys(data: T, ids: Ids): IndexKeys;
  projections(data: T, ids: Ids): Projection[];
  uniques(data: T): UniqueClaim[];
  references(data: T, ids: Ids): Reference[];
  /** The schools the record belongs to, for access decisions and event routing. */
  schoolIds(data: T, ids: Ids): string[];
  /**
   * Kept under a student or a section (its ids start with `studentId` or `sectionId`) and about that
   * one's school, which the record does not hold: the engine adds that school to the record's events
   * (a guardian link and a transfer credit are their student's; a substitute's cover is its section's).
   */
  readonly parentSchool?: 'student' | 'section';
}

/** A kind of any record (the generic record routes, the contract, the event catalog). */
export type RecordType = RecordKind;

/** The data type of a kind: `DataOf<typeof studentType>` is `Student`. */
export type DataOf<K> = K extends RecordKind<infer T> ? T : never;

/** The bookkeeping fields every stored record carries, in the order the API shows them after the data. */
export const BOOKKEEPING_FIELDS = ['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'deletedBy'] as const;

/** A record as stored and served: its data (typed by its kind) plus the bookkeeping every record carries. */
export interface StoredRecord<T extends RecordData = RecordData> {
  readonly entity: string;
  readonly id: string;
  readonly ids: Ids;
  readonly version: number;
  readonly data: T;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly deletedAt?: string;
  readonly deletedBy?: string;
}

export interface Definition<S extends z.ZodObject> {
  entity: string;
  label: string;
  resource: Resource;
  source: RecordSource;
  schema: S;
  idParams: readonly string[];
  immutable?: readonly string[];
  accessFields?: readonly string[];
  releaseClaimsWhenDeleted?: boolean;
  key(ids: Ids): Key;
  newId?(data: z.infer<S>): string;
  check?(data: z.infer<S>, today: string): FieldIssue[];
  indexKeys?(data: z.infer<S>, ids: Ids): IndexKeys;
  projections?(data: z.infer<S>, ids: Ids): Projection[];
  uniques?(data: z.infer<S>): UniqueClaim[];
  references?(data: z.infer<S>, ids: Ids): Reference[];
  schoolIds(data: z.infer<S>, ids: Ids): string[];
  parentSchool?: 'student' | 'section';
}

/** A record kind from its definition: its data type is its schema's output, from definition to read and write. */
export function define<S extends z.ZodObject>(definition: Definition<S>): RecordKind<z.infer<S>> {
  type T = z.infer<S>;
  return {
    entity: definition.entity,
    label: definition.label,
    resource: definition.resource,
    source: definition.source,
    // A ZodObject parses to its output type; TypeScript does not see the two generics as one.
    schema: definition.schema as S & z.ZodType<T>,
    idParams: definition.idParams,
    immutable: definition.immutable ?? [],
    accessFields: definition.accessFields ?? [],
    releaseClaimsWhenDeleted: definition.releaseClaimsWhenDeleted ?? false,
    key: definition.key,
    newId: (data: T) => definition.newId?.(data) ?? newId(),
    check: (data: T, today: string) => definition.check?.(data, today) ?? [],
    indexKeys: (data: T, ids: Ids) => definition.indexKeys?.(data, ids) ?? {},
    projections: (data: T, ids: Ids) => definition.projections?.(data, ids) ?? [],
    uniques: (data: T) => definition.uniques?.(data) ?? [],
    references: (data: T, ids: Ids) => definition.references?.(data, ids) ?? [],
    schoolIds: (data: T, ids: Ids) => definition.schoolIds(data, ids),
    ...(definition.parentSchool ? { parentSchool: definition.parentSchool } : {}),
  };
}

export const id = (ids: Ids, name: string): string => {
  const value = ids[name];
  if (value === undefined) throw new Error(`missing id parameter ${name}`);
  return value;
};
