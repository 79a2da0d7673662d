import { Conflict, NotFound } from '../../../domain/errors';
import { currentGrade, type CurrentGrade, type GradedAssignment, type StudentScore } from '../../../domain/gradebook/grade';
import { DISTRICT_DEFAULT_SCALE, DISTRICT_LOW_GRADE_THRESHOLD, scaleFor, type GradingScale } from '../../../domain/gradebook/schemas';
import { keys } from '../../../domain/keys';
import type { Action, Resource } from '../../../domain/policy';
import type { Principal } from '../../../domain/principal';
import {
  assignmentType,
  gradebookSettingsType,
  rosterEntryType,
  scoreType,
  sectionType,
  type StoredAssignment,
  type StoredGradebookSettings,
  type StoredScore,
} from '../../../domain/records/record-types';
import { onRosterDuring } from '../../../domain/scheduling/roster-dates';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { termOf } from '../scheduling/placements';

/** A section's stored gradebook settings (with the section's own scale, when it has one). */
export type SectionSettings = StoredGradebookSettings;

/** The section, after checking the caller may take the action on its gradebook. */
export async function authorizedSection(
  services: Services,
  sectionId: string,
  principal: Principal,
  action: Action,
  resource: Resource = 'gradebook',
): Promise<StoredRecord<Section>> {
  const record = await services.records.get(sectionType, { sectionId });
  if (!record || record.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  await services.access.authorize(principal, action, resource, { sectionId }, record.data);
  return record;
}

/** The section's settings record, or a 409 telling the teacher to set the gradebook up first. */
export async function requiredSettings(services: Services, sectionId: string): Promise<StoredRecord<SectionSettings>> {
  const record = await services.records.get(gradebookSettingsType, { sectionId });
  if (!record) throw new Conflict(`The section's gradebook is not set up: PUT /v1/sections/${sectionId}/gradebook/settings first.`);
  return record;
}

/** The scale a section grades on: its own, else the one its settings name, else the district's. */
export const scaleOf = (settings: SectionSettings): GradingScale => settings.scale ?? scaleFor(settings) ?? DISTRICT_DEFAULT_SCALE;

export const thresholdOf = (settings: SectionSettings): number => settings.lowGradeThreshold ?? DISTRICT_LOW_GRADE_THRESHOLD;

/** The section's live assignments, strongly consistent (oldest due first). */
export async function assignmentsOf(services: Services, sectionId: string): Promise<StoredRecord<StoredAssignment>[]> {
  const { pk, skPrefix } = keys.assignmentsOfSection(sectionId);
  const records = await services.records.queryAll(assignmentType, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    skipDeleted: true,
    consistent: true,
  });
  return records.sort((a, b) => String(a.data.dueDate).localeCompare(String(b.data.dueDate)) || a.id.localeCompare(b.id));
}

export const gradedAssignment = (record: StoredRecord<StoredAssignment>): GradedAssignment => ({
  id: record.id,
  title: record.data.title,
  categoryId: record.data.categoryId,
  dueDate: record.data.dueDate,
  maxPoints: record.data.maxPoints,
  extraCreditAllowed: record.data.extraCreditAllowed === true,
  extraCreditOnly: record.data.extraCreditOnly === true,
  published: record.data.published === true,
});

export const studentScore = (data: StoredScore): StudentScore => ({
  assignmentId: data.assignmentId,
  ...(data.points !== undefined ? { points: data.points } : {}),
  ...(data.status !== undefined ? { status: data.status } : {}),
});

/** The live students of the section's roster. */
export async function rosterOf(services: Services, sectionId: string): Promise<string[]> {
  const { pk, skPrefix } = keys.rosterOfSection(sectionId);
  const entries = await services.records.queryAll(rosterEntryType, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    skipDeleted: true,
    consistent: true,
  });
  return entries.map((entry) => entry.id);
}

/**
 * The students on the section's roster on some day from `from` to `to` (an assignment's days): those
 * who have left since included, those who came after left out (decision 0131).
 */
export async function rosterDuring(services: Services, section: StoredRecord<Section>, from: string, to: string): Promise<string[]> {
  const { pk, skPrefix } = keys.rosterOfSection(section.id);
  const [entries, term] = await Promise.all([
    services.records.queryAll(rosterEntryType, { partition: pk, sortKeyPrefix: skPrefix, consistent: true }),
    termOf(services, section.data),
  ]);
  return entries.filter((entry) => onRosterDuring(entry, from, to, term.startDate)).map((entry) => entry.id);
}

/** Every stored score of the section (one partition, a few pages at most), strongly consistent. */
export async function scoresOfSection(services: Services, sectionId: string): Promise<StoredRecord<StoredScore>[]> {
  const { pk, skPrefix } = keys.scoresOfSection(sectionId);
  return services.records.queryAll(scoreType, { partition: pk, sortKeyPrefix: skPrefix, consistent: true });
}

/** The day grades are computed for: work due after it without points is left out. */
export const todayOf = (services: Services): string => services.now().toISOString().slice(0, 10);

/** A student's grade in a section from its settings, live assignments and the student's scores. */
export function gradeOf(
  settings: SectionSettings,
  assignments: readonly GradedAssignment[],
  scores: readonly StudentScore[],
  today: string,
): CurrentGrade {
  const { scale: _scale, sectionId: _section, schoolId: _school, ...plain } = settings;
  return currentGrade(plain, scaleOf(settings), assignments, scores, { today });
}

export { assignmentType, gradebookSettingsType };
