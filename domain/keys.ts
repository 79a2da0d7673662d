/**
 * Every key of the single table is built in domain/keys/, one module per context, named after
 * the access pattern it serves, and reached through `keys` here (one name, one place per key).
 * docs/data-model.md lists the same patterns with their indexes and key conditions.
 */
import { attendanceKeys } from './keys/attendance';
import { confidentialKeys } from './keys/confidential';
import { crossCuttingKeys } from './keys/cross-cutting';
import { enrollmentKeys } from './keys/enrollment';
import { gradebookKeys } from './keys/gradebook';
import { notificationKeys } from './keys/notifications';
import { peopleKeys } from './keys/people';
import { schedulingKeys } from './keys/scheduling';
import { schoolKeys } from './keys/schools';

export { nameSearchPrefix, nameSortKey, normalizeName, shardOf, type IndexKeys, type Key } from './keys/key-parts';
export { ATTENDANCE_DAY_SHARDS } from './keys/attendance';
export { GUARDIAN_NAME_SHARDS } from './keys/people';
export { DISTRICT_ACTIVITY, DISTRICT_ACTIVITY_SHARDS, ONEROSTER_ROW_SHARDS } from './keys/cross-cutting';
export { SCHOOL_MOVE_SHARDS, UNSETTLED_SHARDS } from './keys/enrollment';
export { NOTIFY_DUE_SHARDS } from './keys/notifications';

const _modules = [
  schoolKeys,
  peopleKeys,
  enrollmentKeys,
  schedulingKeys,
  attendanceKeys,
  gradebookKeys,
  notificationKeys,
  confidentialKeys,
  crossCuttingKeys,
] as const;

/** The names two modules of `modules` share: `never`, or a spread below would hide a key. */
type Shared<M extends readonly object[]> = M extends readonly [infer First, ...infer Rest extends readonly object[]]
  ? (keyof First & { [Index in keyof Rest]: keyof Rest[Index] }[number]) | Shared<Rest>
  : never;
const oneNamePerKey: [Shared<typeof _modules>] extends [never] ? true : Shared<typeof _modules> = true;
void oneNamePerKey;

export const keys = {
  ...schoolKeys,
  ...peopleKeys,
  ...enrollmentKeys,
  ...schedulingKeys,
  ...attendanceKeys,
  ...gradebookKeys,
  ...notificationKeys,
  ...confidentialKeys,
  ...crossCuttingKeys,
};
