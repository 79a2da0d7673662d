/**
 * The gradebook service's writes (OneRoster 1.2 Gradebook Service REST Binding: putCategory,
 * putLineItem, putResult): the bodies a client sends, as zod schemas, and each object turned into
 * the row the CSV binding would carry for it (categories.csv, lineItems.csv, results.csv), so that
 * an object PUT over REST is kept and served exactly as an imported row is (decision 0105) and the
 * SIS makes of it what the import makes (csv-gradebook.ts). Pure.
 */
import * as z from 'zod';
import { canonicalJson } from '../validation';
import { SCORE_STATUSES } from './binding';
import { assignmentFromRow, scoreFromRow } from './csv-gradebook';
import { merge } from './csv-merge';
import { isDateTime, sisOf, type CsvRow } from './csv-rows';

/** A GUIDRef as a client writes it: the sourcedId is what counts; `href` and `type` are ours to derive. */
const Ref = z.object({ sourcedId: z.string().trim().min(1).max(255), href: z.string().optional(), type: z.string().optional() });
const OptionalRef = Ref.nullish();
const DateTime = z.string().refine(isDateTime, { error: 'must be a DateTime (ISO 8601 with time and zone: 2026-09-01T00:00:00Z)' });
const DateOrDateTime = z
  .string()
  .refine((value) => isDateTime(value) || isDateTime(`${value}T00:00:00Z`), { error: 'must be a Date (YYYY-MM-DD) or a DateTime' });
const Metadata = z.record(z.string().regex(/^\S+$/, { error: 'must be a key without spaces' }), z.unknown()).nullish();
const Text = z.string().max(10_000);
const Decimal = z.number().finite();

/** What every object of the binding carries; `status` and `dateLastModified` are the provider's to set, and ignored. */
const base = {
  sourcedId: z.string().optional(),
  status: z.enum(['active', 'tobedeleted']).optional(),
  dateLastModified: z.string().optional(),
  metadata: Metadata,
};

/** putCategory's body (Gradebook Service 1.2, Category: title required, weight optional). */
export const CategoryPutSchema = z.object({
  category: z.object({ ...base, title: Text.min(1), weight: Decimal.nullish() }),
});

/** putLineItem's body (LineItem: title, assignDate, dueDate, class and category required). */
export const LineItemPutSchema = z.object({
  lineItem: z.object({
    ...base,
    title: Text.min(1),
    description: Text.nullish(),
    assignDate: DateTime,
    dueDate: DateTime,
    class: Ref,
    category: Ref,
    school: OptionalRef,
    gradingPeriod: OptionalRef,
    academicSession: OptionalRef,
    scoreScale: OptionalRef,
    resultValueMin: Decimal.nullish(),
    resultValueMax: Decimal.nullish(),
  }),
});

/** putResult's body (Result: lineItem, student and scoreStatus required; score may exceed resultValueMax: extra credit). */
export const ResultPutSchema = z.object({
  result: z.object({
    ...base,
    lineItem: Ref,
    student: Ref,
    class: OptionalRef,
    scoreScale: OptionalRef,
    scoreStatus: z.enum(SCORE_STATUSES, { error: `must be one of: ${SCORE_STATUSES.join(', ')}` }),
    score: Decimal.nullish(),
    textScore: Text.nullish(),
    scoreDate: DateOrDateTime.nullish(),
    comment: Text.nullish(),
  }),
});

export type GradebookFile = 'categories' | 'lineItems' | 'results';
export const PUT_SCHEMAS = { categories: CategoryPutSchema, lineItems: LineItemPutSchema, results: ResultPutSchema } as const;
/** The body's envelope key of each file's object. */
export const ENVELOPE_OF: Readonly<Record<GradebookFile, 'category' | 'lineItem' | 'result'>> = {
  categories: 'category',
  lineItems: 'lineItem',
  results: 'result',
};

const number = (value: number | null | undefined) => (value === null || value === undefined ? undefined : String(value));
const refId = (value: { sourcedId: string } | null | undefined) => value?.sourcedId;

/** An object's metadata as the CSV binding's extension columns (`metadata.<key>`; an object's value as JSON). */
function metadataColumns(metadata: Record<string, unknown> | null | undefined): Record<string, string | undefined> {
  const columns: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    columns[`metadata.${key}`] = typeof value === 'string' ? value : canonicalJson(value);
  }
  return columns;
}

/** The non-blank columns of a row. */
const rowOf = (sourcedId: string, columns: Record<string, string | undefined>): CsvRow => {
  const row: Record<string, string> = { sourcedId };
  for (const [column, value] of Object.entries(columns)) if (value !== undefined && value !== '') row[column] = value;
  return row;
};

/** The categories.csv row a PUT category is. */
export const categoryRowOf = (sourcedId: string, body: z.infer<typeof CategoryPutSchema>): CsvRow => {
  const { category } = body;
  return rowOf(sourcedId, { title: category.title, weight: number(category.weight), ...metadataColumns(category.metadata) });
};

/** The lineItems.csv row a PUT line item is. */
export const lineItemRowOf = (sourcedId: string, body: z.infer<typeof LineItemPutSchema>): CsvRow => {
  const { lineItem } = body;
  return rowOf(sourcedId, {
    title: lineItem.title,
    description: lineItem.description ?? undefined,
    assignDate: lineItem.assignDate,
    dueDate: lineItem.dueDate,
    classSourcedId: lineItem.class.sourcedId,
    categorySourcedId: lineItem.category.sourcedId,
    gradingPeriodSourcedId: refId(lineItem.gradingPeriod),
    academicSessionSourcedId: refId(lineItem.academicSession),
    resultValueMin: number(lineItem.resultValueMin),
    resultValueMax: number(lineItem.resultValueMax),
    schoolSourcedId: refId(lineItem.school),
    ...metadataColumns(lineItem.metadata),
  });
};

/** The results.csv row a PUT result is (the CSV binding's scoreDate is a Date: a DateTime keeps its day). */
export const resultRowOf = (sourcedId: string, body: z.infer<typeof ResultPutSchema>): CsvRow => {
  const { result } = body;
  return rowOf(sourcedId, {
    lineItemSourcedId: result.lineItem.sourcedId,
    studentSourcedId: result.student.sourcedId,
    classSourcedId: refId(result.class),
    scoreStatus: result.scoreStatus,
    score: number(result.score),
    scoreDate: result.scoreDate?.slice(0, 10),
    comment: result.comment ?? undefined,
    ...metadataColumns(result.metadata),
  });
};

/** What the SIS keeps of a text longer than its field: the start, marked as cut (the row keeps the whole text). */
const cut = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > max ? `${value.slice(0, max - 1).trimEnd()}…` : value;

/**
 * A learning platform's line item as the SIS's assignment: the import's mapping (csv-gradebook.ts),
 * published and open to extra credit unless `metadata.sis` says otherwise: the platform assigned
 * the work to the class, and a score above resultValueMax (300 of 100) is the platform's to give,
 * not the SIS's to refuse. A title beyond the SIS's 100 characters (and a description beyond 500)
 * is cut in the teacher's gradebook; the row, and so both bindings, keep it whole.
 */
export function assignmentOfLineItem(row: CsvRow): Record<string, unknown> {
  const { 'metadata.sis': _sis, ...columns } = row;
  const body = merge(merge(assignmentFromRow(columns), { published: true, extraCreditAllowed: true }), sisOf(row));
  return { ...body, title: cut(body.title, 100), ...(body.description === undefined ? {} : { description: cut(body.description, 500) }) };
}

/** A result as the score entry of the SIS's score post (without the student): no points with `exempt` or `not submitted`. */
export function scoreOfResult(row: CsvRow): Record<string, unknown> {
  const entry = scoreFromRow(row);
  const { points, ...rest } = entry;
  const keepsPoints = rest.status !== 'exempt' && rest.status !== 'missing';
  return {
    ...rest,
    ...(keepsPoints && points !== undefined ? { points } : {}),
    ...(rest.comment ? { comment: cut(rest.comment, 1000) } : {}),
  };
}

/**
 * The REST field a SIS refusal's field stands for (`maxPoints` → `lineItem.resultValueMax`), so a
 * 400's imsx_StatusInfo names what the client sent.
 */
const FIELD_OF: Readonly<Record<GradebookFile, Readonly<Record<string, string>>>> = {
  categories: { categories: 'category.weight', weight: 'category.weight', name: 'category.title' },
  lineItems: {
    title: 'lineItem.title',
    description: 'lineItem.description',
    categoryId: 'lineItem.category',
    assignedDate: 'lineItem.assignDate',
    dueDate: 'lineItem.dueDate',
    maxPoints: 'lineItem.resultValueMax',
  },
  results: { studentId: 'result.student', points: 'result.score', status: 'result.scoreStatus', comment: 'result.comment' },
};
export function restFieldOf(file: GradebookFile, field: string): string {
  const path = field.replace(/^scores\[\d+\]\.?/, '').replace(/\[\d+\].*$/, '');
  const top = path.split('.')[0] ?? '';
  return FIELD_OF[file][top] ?? `${ENVELOPE_OF[file]}.metadata.sis`;
}
