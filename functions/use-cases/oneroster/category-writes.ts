/**
 * putCategory (decision 0140). A 1.2 category names no class; the SIS keeps categories per class
 * (a section's gradebook settings). So a category is kept as its row, and is in the gradebook of
 * each class its sourcedId says (`<classSourcedId>.<id>`, the form this system serves its own in)
 * or whose line items name it (added when the first one is PUT), as an import places it
 * (csv-gradebook.ts). Weights are relative in OneRoster: in a weighted class they are scaled to the
 * SIS's 100 with the class's other categories.
 */
import { Invalid } from '../../../domain/errors';
import {
  categoryFromRow,
  categoryIdOf,
  categoryRows,
  classOfCategory,
  settingsFromCategories,
  type CategoryEntry,
} from '../../../domain/oneroster/csv-gradebook';
import type { CsvRow } from '../../../domain/oneroster/csv-rows';
import { PUT_SCHEMAS, categoryRowOf } from '../../../domain/oneroster/rest-writes';
import type { Realization, StoredRow } from '../../../domain/oneroster/roster-rows';
import { derivedColumns } from '../../../domain/oneroster/sis-columns';
import { gradebookSettingsType, type StoredGradebookSettings } from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import type { Services } from '../../services';
import { putGradebookSettings } from '../gradebook/gradebook-setup';
import type { WriteContext } from '../write-context';
import {
  answerItems,
  nextRow,
  objectOf,
  sameSourcedId,
  sisRefusals,
  withRow,
  writeRow,
  type AnswerItems,
  type PutAnswer,
} from './row-writes';
import { keptRow, platformContext, sectionOfClass } from './write-refs';

const cut = (name: string) => (name.length > 100 ? `${name.slice(0, 99).trimEnd()}…` : name);

/**
 * A class's settings with the category in it (replaced when there): weights scaled with the
 * others' to 100 when the class is weighted, the rest of the settings kept. A weighted class takes
 * no category without a weight (the teacher's grading would silently change to points).
 */
export function settingsWith(current: StoredGradebookSettings | undefined, entry: CategoryEntry): Record<string, unknown> {
  const others = (current?.categories ?? []).filter((category) => category.id !== entry.id);
  if (current?.mode === 'weighted' && entry.weight === undefined)
    throw new Invalid([{ field: 'category.weight', message: "is required: the class's gradebook is weighted" }]);
  const entries: CategoryEntry[] = [
    ...others.map((category) => ({
      id: category.id,
      name: category.name,
      ...(category.weight === undefined ? {} : { weight: category.weight }),
      settings: {},
    })),
    { ...entry, name: cut(entry.name), settings: {} },
  ];
  const derived = settingsFromCategories(entries);
  if (!current) return derived;
  const { sectionId: _section, schoolId: _school, ...kept } = current;
  return { ...kept, mode: derived.mode, categories: derived.categories };
}

/**
 * Places a category in classes' gradebooks, one transaction a class, the row riding with the last
 * (so a category in one class, the usual case, is one transaction); none: the row alone.
 */
export async function placeCategory(
  services: Services,
  writer: WriteContext,
  before: StoredRow | undefined,
  row: CsvRow,
  sectionIds: readonly string[],
  answer?: AnswerItems,
): Promise<StoredRow> {
  const entry = categoryFromRow(row);
  const sis: Realization[] = [];
  let derived: Record<string, string> = {};
  const rowWith = (last?: Omit<Realization, 'version'>) => (version: number) =>
    nextRow(services, writer, 'categories', before, {
      sourcedId: row.sourcedId!,
      row,
      status: 'active',
      sis: [...sis, ...(last ? [{ ...last, version }] : [])],
      derived,
    });
  if (sectionIds.length === 0) return writeRow(services, before, rowWith()(0), answer);
  for (const [index, sectionId] of sectionIds.entries()) {
    const settings = await services.records.get(gradebookSettingsType, { sectionId });
    const body = settingsWith(settings?.data, entry);
    const own = categoryRows(sectionId, body, (_kind, id) => id).find((one) => one.sourcedId === `${sectionId}.${entry.id}`);
    derived = own ? derivedColumns('categories', row, own) : {};
    const realization = { entity: gradebookSettingsType.entity, ids: { sectionId }, member: entry.id };
    const put = (riders: Parameters<typeof putGradebookSettings>[5]) =>
      sisRefusals('categories', () => putGradebookSettings(services, sectionId, body, undefined, writer, riders));
    if (index === sectionIds.length - 1)
      return withRow(
        services,
        before,
        rowWith(realization),
        settings?.version ?? 0,
        async (riders) => (await put(riders)).result.version,
        answer,
      );
    sis.push({ ...realization, version: (await put([])).result.version });
  }
  throw new Error('unreachable: the last class answers the row');
}

/** putCategory: the row, and the category in the gradebook of each class it is in. */
export async function putCategory(services: Services, sourcedId: string, body: unknown, context: WriteContext): Promise<PutAnswer> {
  const parsed = parseOrThrow(PUT_SCHEMAS.categories, body ?? {});
  sameSourcedId('categories', parsed.category.sourcedId, sourcedId);
  const row = categoryRowOf(sourcedId, parsed);
  const before = await keptRow(services, 'categories', sourcedId);
  const sections = new Set((before?.status === 'active' ? (before.sis ?? []) : []).map((realization) => realization.ids.sectionId!));
  const classSourcedId = classOfCategory(sourcedId);
  if (classSourcedId) {
    // `<class>.<id>`: the class's own category, when the class is one of the SIS's; otherwise a sourcedId like any other.
    const sectionId = await sectionOfClass(services, classSourcedId, 'category.sourcedId').catch(() => undefined);
    if (sectionId) sections.add(sectionId);
  }
  const id = categoryIdOf(sourcedId);
  const settings = await services.records.getMany(
    gradebookSettingsType,
    [...sections].map((sectionId) => ({ sectionId })),
  );
  const existed = settings.some((record) => record.data.categories.some((category) => category.id === id));
  const answer = (stored: StoredRow): PutAnswer => ({ created: !before && !existed, object: objectOf(stored) });
  const written = await placeCategory(
    services,
    platformContext(context),
    before,
    row,
    [...sections],
    answerItems(services, context, answer),
  );
  return answer(written);
}

/**
 * A line item's category in its class's gradebook: there already, or placed there from the
 * category's row (a transaction before the line item's own, repeated as a no-op by a retry).
 */
export async function ensureCategory(
  services: Services,
  writer: WriteContext,
  sectionId: string,
  categorySourcedId: string,
): Promise<void> {
  const settings = await services.records.get(gradebookSettingsType, { sectionId });
  if (settings?.data.categories.some((category) => category.id === categoryIdOf(categorySourcedId))) return;
  const row = await keptRow(services, 'categories', categorySourcedId);
  if (!row || row.status !== 'active')
    throw new Invalid([
      {
        field: 'lineItem.category',
        message: `names no category of the class's gradebook ("${categorySourcedId}"): PUT the category first`,
      },
    ]);
  const sections = new Set([...(row.sis ?? []).map((realization) => realization.ids.sectionId!), sectionId]);
  await placeCategory(services, writer, row, row.row, [...sections]);
}
