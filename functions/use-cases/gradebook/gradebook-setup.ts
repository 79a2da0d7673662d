import { Conflict, Invalid, NotFound, StaleVersion } from '../../../domain/errors';
import {
  AssignmentSchema,
  checkAssignment,
  checkGradebookSettings,
  GradebookSettingsSchema,
  GradingScaleSchema,
} from '../../../domain/gradebook/schemas';
import { keys } from '../../../domain/keys';
import { newId } from '../../../domain/ids';
import type { Principal } from '../../../domain/principal';
import {
  assignmentType,
  gradebookSettingsType,
  gradingScaleType,
  type RecordData,
  type StoredAssignment,
  type StoredGradebookSettings,
} from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { assignmentsOf, authorizedSection, requiredSettings, scaleOf, thresholdOf, type SectionSettings } from './section-gradebook';

/**
 * Body of `PUT /v1/sections/{sectionId}/gradebook/settings`: the settings, and optionally the
 * section's own scale (which overrides the school's and the district's; `scaleId` then names it or is left out).
 */
export const GradebookSettingsBody = GradebookSettingsSchema.extend({ scale: GradingScaleSchema.optional() });

/** Body of `PATCH …/gradebook/assignments/{assignmentId}`: the fields to change. */
export const AssignmentPatch = AssignmentSchema.partial();

/** A stored gradebook item as the API shows it: its data and bookkeeping. */
function view<T extends RecordData>(record: StoredRecord<T>) {
  return {
    ...record.data,
    version: record.version,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.deletedAt ? { deletedAt: record.deletedAt } : {}),
  };
}

export const assignmentView = (record: StoredRecord<StoredAssignment>) => ({ assignmentId: record.id, ...view(record) });

function settingsView(record: StoredRecord<SectionSettings>) {
  const settings = record.data;
  const scale = scaleOf(settings);
  return { ...view(record), effectiveScale: scale, effectiveLowGradeThreshold: thresholdOf(settings) };
}

/** The same value whatever the order of object keys (DynamoDB does not keep it). */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, field]) => field !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, field]) => [key, canonical(field)]),
        )
      : value;
const isSame = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Items another change adds to a gradebook write's transaction, committed with it or not at all
 * (the OneRoster row a REST write keeps beside the record, decision 0140). Nothing is written when
 * the record does not change, riders included: the caller writes them on its own then.
 */
export type Riders = readonly TransactionItem[];

/** Sets a section's gradebook up (or changes it): mode, categories and weights, missing work, scale, low-grade threshold. */
export async function putGradebookSettings(
  services: Services,
  sectionId: string,
  body: unknown,
  expectedVersion: number | undefined,
  context: WriteContext,
  riders: Riders = [],
): Promise<Written<ReturnType<typeof settingsView>>> {
  const section = await authorizedSection(services, sectionId, context.principal, 'update');
  const parsed = parseOrThrow(GradebookSettingsBody, body ?? {});
  // The school's own scales: one the settings name, or the school's default when they name none, is
  // copied into the settings (the section keeps the scale it was set up with).
  const { pk, skPrefix } = keys.gradingScalesOfSchool(section.data.schoolId);
  const schoolScales = (
    await services.records.queryAll(gradingScaleType, { partition: pk, sortKeyPrefix: skPrefix, skipDeleted: true })
  ).map((record) => record.data);
  const named = parsed.scale
    ? undefined
    : schoolScales.find((scale) => scale.id === (parsed.scaleId ?? schoolScales.find((one) => one.isDefault)?.id));
  const settings = named ? { ...parsed, scaleId: named.id, scale: { id: named.id, name: named.name, bands: named.bands } } : parsed;
  const issues = checkGradebookSettings(settings, settings.scale ? [settings.scale.id] : []);
  if (settings.scale && settings.scaleId !== undefined && settings.scaleId !== settings.scale.id) {
    issues.push({ field: 'scaleId', message: `must be the section's own scale "${settings.scale.id}" or left out when a scale is given` });
  }
  const [before, assignments] = await Promise.all([
    services.records.get(gradebookSettingsType, { sectionId }),
    assignmentsOf(services, sectionId),
  ]);
  const categories = new Set(settings.categories.map((category) => category.id));
  for (const assignment of assignments) {
    const categoryId = assignment.data.categoryId;
    if (!categories.has(categoryId)) {
      issues.push({
        field: 'categories',
        message: `must keep category "${categoryId}": assignment "${assignment.data.title}" is in it`,
      });
    }
  }
  if (issues.length > 0) throw new Invalid(issues);
  if (expectedVersion !== undefined && before?.version !== expectedVersion) throw new StaleVersion(before?.version);

  const data: StoredGradebookSettings = { ...settings, sectionId, schoolId: section.data.schoolId };
  if (before && isSame(before.data, data)) return { result: settingsView(before), replayed: false };
  return services.records.write(
    context,
    { kind: gradebookSettingsType, ids: { sectionId }, before, data, extra: riders },
    { at: services.now().toISOString(), result: settingsView },
  );
}

export async function readGradebookSettings(services: Services, sectionId: string, principal: Principal) {
  await authorizedSection(services, sectionId, principal, 'read');
  return settingsView(await requiredSettings(services, sectionId));
}

/**
 * Adds an assignment to a section's gradebook (in one of its categories).
 * @param assignmentId the id to give it (a bulk import derives it from the source's id) @default a new ULID
 */
export async function createAssignment(
  services: Services,
  sectionId: string,
  body: unknown,
  context: WriteContext,
  assignmentId = newId(),
  riders: Riders = [],
): Promise<Written<ReturnType<typeof assignmentView>>> {
  const section = await authorizedSection(services, sectionId, context.principal, 'create');
  const assignment = parseOrThrow(AssignmentSchema, body ?? {});
  const settings = await requiredSettings(services, sectionId);
  const issues = checkAssignment(assignment, settings.data);
  if (issues.length > 0) throw new Invalid(issues);
  return services.records.write(
    context,
    {
      kind: assignmentType,
      ids: { sectionId, assignmentId },
      data: { ...assignment, sectionId, schoolId: section.data.schoolId },
      extra: riders,
    },
    { at: services.now().toISOString(), result: assignmentView },
  );
}

export async function listAssignments(services: Services, sectionId: string, principal: Principal) {
  await authorizedSection(services, sectionId, principal, 'list');
  return { sectionId, items: (await assignmentsOf(services, sectionId)).map(assignmentView) };
}

async function storedAssignment(services: Services, sectionId: string, assignmentId: string): Promise<StoredRecord<StoredAssignment>> {
  const record = await services.records.get(assignmentType, { sectionId, assignmentId });
  if (!record || record.deletedAt) throw new NotFound(`No assignment ${assignmentId} in section ${sectionId}.`);
  return record;
}

export async function readAssignment(services: Services, sectionId: string, assignmentId: string, principal: Principal) {
  await authorizedSection(services, sectionId, principal, 'read');
  return assignmentView(await storedAssignment(services, sectionId, assignmentId));
}

/** Changes an assignment's fields (If-Match optional); the whole result is checked again. */
export async function updateAssignment(
  services: Services,
  sectionId: string,
  assignmentId: string,
  body: unknown,
  expectedVersion: number | undefined,
  context: WriteContext,
  riders: Riders = [],
): Promise<Written<ReturnType<typeof assignmentView>>> {
  await authorizedSection(services, sectionId, context.principal, 'update');
  const patch = parseOrThrow(AssignmentPatch, body ?? {});
  const [before, settings] = await Promise.all([
    storedAssignment(services, sectionId, assignmentId),
    requiredSettings(services, sectionId),
  ]);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersion(before.version);
  const { sectionId: _section, schoolId, ...current } = before.data;
  const merged = parseOrThrow(AssignmentSchema, { ...current, ...patch });
  const issues = checkAssignment(merged, settings.data);
  if (issues.length > 0) throw new Invalid(issues);
  const data: StoredAssignment = { ...merged, sectionId, schoolId };
  if (isSame(before.data, data)) return { result: assignmentView(before), replayed: false };
  return services.records.write(
    context,
    { kind: assignmentType, ids: { sectionId, assignmentId }, before, data, extra: riders },
    { at: services.now().toISOString(), result: assignmentView },
  );
}

/** Deletes an assignment (soft: it and its scores stay stored, restorable, and leave the grade). */
export async function deleteAssignment(
  services: Services,
  sectionId: string,
  assignmentId: string,
  expectedVersion: number | undefined,
  context: WriteContext,
  riders: Riders = [],
): Promise<Written<ReturnType<typeof assignmentView>>> {
  await authorizedSection(services, sectionId, context.principal, 'delete');
  const before = await storedAssignment(services, sectionId, assignmentId);
  return toggleDeleted(services, before, expectedVersion, 'Deleted', context, riders);
}

/** Brings a deleted assignment back: it and the scores it kept count in the grade again. */
export async function restoreAssignment(
  services: Services,
  sectionId: string,
  assignmentId: string,
  expectedVersion: number | undefined,
  context: WriteContext,
): Promise<Written<ReturnType<typeof assignmentView>>> {
  await authorizedSection(services, sectionId, context.principal, 'delete');
  const before = await services.records.get(assignmentType, { sectionId, assignmentId });
  if (!before) throw new NotFound(`No assignment ${assignmentId} in section ${sectionId}.`);
  if (!before.deletedAt) throw new Conflict(`The assignment ${assignmentId} is not deleted.`);
  return toggleDeleted(services, before, expectedVersion, 'Restored', context);
}

async function toggleDeleted(
  services: Services,
  before: StoredRecord<StoredAssignment>,
  expectedVersion: number | undefined,
  action: 'Deleted' | 'Restored',
  context: WriteContext,
  riders: Riders = [],
): Promise<Written<ReturnType<typeof assignmentView>>> {
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersion(before.version);
  return services.records.write(
    context,
    { kind: assignmentType, ids: before.ids, before, action, extra: riders },
    { at: services.now().toISOString(), result: assignmentView },
  );
}
