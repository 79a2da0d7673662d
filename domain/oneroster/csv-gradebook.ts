/**
 * categories.csv, lineItems.csv and results.csv rows <-> a section's gradebook settings, its
 * assignments and their scores (decision 0074). A category belongs to a section here: it is
 * exported as `<classSourcedId>.<categoryId>`, and a section's settings hold the categories its
 * line items name plus those whose sourcedId starts with its class.
 */
import { canonicalJson } from '../validation';
import { sisIdFor } from './csv-ids';
import { compact, merge, residual } from './csv-merge';
import { sisOf, type CsvRow } from './csv-rows';

type Data = Record<string, unknown>;
type SourcedOf = (kind: 'org' | 'user' | 'course' | 'class' | 'lineItem', id: string) => string;

const CATEGORY_ID = /^[A-Za-z0-9-]{1,30}$/;
const SETTINGS_DEFAULTS = { missingCountsAsZero: false };

const withSis = (row: Record<string, string | undefined>, sis: Data): CsvRow =>
  Object.fromEntries(
    Object.entries({ ...row, 'metadata.sis': Object.keys(sis).length > 0 ? canonicalJson(sis) : '' }).map(([key, value]) => [
      key,
      value ?? '',
    ]),
  );
const number = (value: number | undefined) => (value === undefined ? undefined : String(value));

// ── categories ──
/** The category's id in its section: the sourcedId's last dot-separated part when it is a valid id, else a hash of it. */
export function categoryIdOf(sourcedId: string): string {
  const last = sourcedId.slice(sourcedId.lastIndexOf('.') + 1);
  return CATEGORY_ID.test(last) ? last : `c${sisIdFor('class', `category:${sourcedId}`).slice(0, 20)}`;
}
/** The class a category row belongs to when its sourcedId is `<classSourcedId>.<id>`. */
export const classOfCategory = (sourcedId: string): string | undefined =>
  sourcedId.includes('.') ? sourcedId.slice(0, sourcedId.lastIndexOf('.')) : undefined;

export interface CategoryEntry {
  readonly id: string;
  readonly name: string;
  readonly weight?: number;
  /** The section's other settings (mode, missing work, scale, threshold) as the row's metadata.sis says them. */
  readonly settings: Data;
}
export const categoryFromRow = (row: CsvRow): CategoryEntry => ({
  id: categoryIdOf(row.sourcedId!),
  name: row.title!,
  ...(row.weight ? { weight: Number(row.weight) } : {}),
  settings: sisOf(row),
});

/** A section's settings from its categories (sorted by id): weighted when every category has a weight. */
export function settingsFromCategories(categories: readonly CategoryEntry[]): Data {
  const sorted = [...categories].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = sorted.reduce((sum, category) => sum + (category.weight ?? 0), 0);
  const weighted = sorted.length > 0 && total > 0 && sorted.every((category) => category.weight !== undefined);
  const derived = {
    mode: weighted ? 'weighted' : 'points',
    ...SETTINGS_DEFAULTS,
    categories: sorted.map(({ id, name, weight }) =>
      compact({ id, name, weight: weighted ? scaledWeights(sorted, total).get(id) : weight }),
    ),
  };
  return merge(derived, sorted[0]?.settings ?? {});
}

/**
 * OneRoster's weights are relative (1 and 3, 0.25 and 0.75); the SIS's weighted categories sum to
 * 100: each weight scaled to a share of 100 (two decimals, the last one taking what rounding left).
 */
export function scaledWeights(categories: readonly CategoryEntry[], total: number): Map<string, number> {
  const shares = new Map<string, number>();
  if (Math.abs(total - 100) < 1e-9) {
    for (const category of categories) shares.set(category.id, category.weight!);
    return shares;
  }
  let left = 100;
  categories.forEach((category, index) => {
    const share = index === categories.length - 1 ? Math.round(left * 100) / 100 : Math.round((category.weight! / total) * 10000) / 100;
    shares.set(category.id, share);
    left -= share;
  });
  return shares;
}
/** categories.csv rows of a section's settings. */
export function categoryRows(sectionId: string, settings: Data, sourcedOf: SourcedOf): CsvRow[] {
  const { sectionId: _section, schoolId: _school, categories, ...rest } = settings;
  const list = categories as { id: string; name: string; weight?: number }[];
  const sis = residual(rest, {
    mode: list.every((category) => category.weight !== undefined) ? 'weighted' : 'points',
    ...SETTINGS_DEFAULTS,
  });
  const classSourcedId = sourcedOf('class', sectionId);
  return list.map((category) =>
    withSis({ sourcedId: `${classSourcedId}.${category.id}`, title: category.name, weight: number(category.weight) }, sis),
  );
}
export const CATEGORY_FIELD_COLUMNS: Readonly<Record<string, string>> = { categories: 'sourcedId', '': 'metadata.sis' };

// ── lineItems (assignments) ──
const ASSIGNMENT_DEFAULTS = { extraCreditAllowed: false, extraCreditOnly: false, published: false };
const lineItemColumns = (row: CsvRow) =>
  compact({
    title: row.title,
    description: row.description,
    categoryId: row.categorySourcedId ? categoryIdOf(row.categorySourcedId) : undefined,
    assignedDate: row.assignDate?.slice(0, 10),
    dueDate: row.dueDate?.slice(0, 10),
    maxPoints: row.resultValueMax ? Number(row.resultValueMax) : undefined,
    ...ASSIGNMENT_DEFAULTS,
  });
/** The assignment a line item row describes (the API's assignment body). */
export const assignmentFromRow = (row: CsvRow): Data => merge(lineItemColumns(row), sisOf(row));
export function lineItemRow(id: string, data: Data, sourcedOf: SourcedOf): CsvRow {
  const classSourcedId = sourcedOf('class', String(data.sectionId));
  const row = {
    sourcedId: sourcedOf('lineItem', id),
    title: String(data.title),
    description: data.description as string | undefined,
    // 1.2's assignDate and dueDate are DateTimes (CSV binding 1.2, §3.9); the SIS keeps the day.
    assignDate: `${String(data.assignedDate)}T00:00:00.000Z`,
    dueDate: `${String(data.dueDate)}T00:00:00.000Z`,
    classSourcedId,
    categorySourcedId: `${classSourcedId}.${String(data.categoryId)}`,
    resultValueMin: '0',
    resultValueMax: String(data.maxPoints),
    schoolSourcedId: sourcedOf('org', String(data.schoolId)),
  };
  const { sectionId: _section, schoolId: _school, ...rest } = data;
  return withSis(row, residual(rest, lineItemColumns(withSis(row, {}))));
}
export const LINE_ITEM_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  title: 'title',
  description: 'description',
  categoryId: 'categorySourcedId',
  assignedDate: 'assignDate',
  dueDate: 'dueDate',
  maxPoints: 'resultValueMax',
};

// ── results (scores) ──
const STATUS_OF: Readonly<Record<string, string | undefined>> = {
  'fully graded': undefined,
  submitted: undefined,
  'not submitted': 'missing',
  exempt: 'exempt',
  'partially graded': 'incomplete',
};
const SCORE_STATUS_OF: Readonly<Record<string, string>> = { missing: 'not submitted', exempt: 'exempt', incomplete: 'partially graded' };

/** A score entry of the API's score post (without the student), from a result row. */
export function scoreFromRow(row: CsvRow): Data {
  const sis = sisOf(row);
  return compact({
    points: row.score ? Number(row.score) : undefined,
    status: (sis.status as string | undefined) ?? STATUS_OF[row.scoreStatus ?? ''],
    comment: row.comment,
  });
}
export function resultRow(data: Data, sourcedOf: SourcedOf): CsvRow {
  const lineItem = sourcedOf('lineItem', String(data.assignmentId));
  const student = sourcedOf('user', String(data.studentId));
  const status = data.status as string | undefined;
  return withSis(
    {
      sourcedId: `${lineItem}.${student}`,
      lineItemSourcedId: lineItem,
      studentSourcedId: student,
      scoreStatus: status ? (SCORE_STATUS_OF[status] ?? 'fully graded') : 'fully graded',
      score: number(data.points as number | undefined),
      comment: data.comment as string | undefined,
      classSourcedId: sourcedOf('class', String(data.sectionId)),
    },
    status && !SCORE_STATUS_OF[status] ? { status } : {},
  );
}
export const RESULT_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  studentId: 'studentSourcedId',
  points: 'score',
  status: 'scoreStatus',
  comment: 'comment',
};
