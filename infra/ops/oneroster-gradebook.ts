/**
 * The gradebook files (decision 0074) through the gradebook use cases the API runs: each class's
 * categories become its settings (putGradebookSettings), its line items its assignments
 * (createAssignment under the id the sourcedId gives, updateAssignment, deleteAssignment), and a
 * line item's results one score post per 200 students (postScores), so a class's roster is one
 * transaction per assignment.
 */
import { Invalid } from '../../domain/errors';
import {
  assignmentFromRow,
  categoryFromRow,
  classOfCategory,
  LINE_ITEM_FIELD_COLUMNS,
  RESULT_FIELD_COLUMNS,
  scoreFromRow,
  settingsFromCategories,
  type CategoryEntry,
} from '../../domain/oneroster/csv-gradebook';
import { sisIdFor, type SourcedKind } from '../../domain/oneroster/csv-ids';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import { MAX_SCORES_PER_POST } from '../../domain/gradebook/schemas';
import { assignmentType, gradebookSettingsType, sectionType } from '../../domain/records/record-types';
import { canonicalJson } from '../../domain/validation';
import type { Services } from '../../functions/services';
import {
  createAssignment,
  deleteAssignment,
  putGradebookSettings,
  restoreAssignment,
  updateAssignment,
} from '../../functions/use-cases/gradebook/gradebook-setup';
import { postScores } from '../../functions/use-cases/gradebook/post-scores';
import { rosterOf } from '../../functions/use-cases/gradebook/section-gradebook';
import type { FileSummary } from './oneroster-importer';
import { IMPORTER, refusedAs, retryingContention, RowRefused, type WriteOutcome } from './oneroster-writes';

const context = { principal: IMPORTER, reason: 'OneRoster CSV import' };
type Line = { readonly row: CsvRow; readonly line: number; readonly deleting: boolean };
type Refuse = (line: number, error: unknown) => void;

export class GradebookImport {
  private readonly categories = new Map<string, { entry: CategoryEntry; line: number }>();
  private readonly lineItems = new Map<string, Line[]>();
  private readonly results = new Map<string, Line[]>();
  /** The section each imported line item belongs to, for its results. */
  private readonly sectionOfLineItem = new Map<string, string>();
  private categorySummary?: FileSummary;

  constructor(
    private readonly services: Services,
    private readonly remember: (kind: SourcedKind, sourcedId: string) => Promise<void>,
  ) {}

  category(row: CsvRow, line: number): 'skipped' {
    this.categories.set(row.sourcedId!, { entry: categoryFromRow(row), line });
    return 'skipped';
  }

  /** Kept until the file is read: a class's settings need all its line items' categories first. */
  lineItem(row: CsvRow, line: number, deleting: boolean): 'skipped' {
    const list = this.lineItems.get(row.classSourcedId!) ?? [];
    list.push({ row, line, deleting });
    this.lineItems.set(row.classSourcedId!, list);
    return 'skipped';
  }

  result(row: CsvRow, line: number, deleting: boolean): 'skipped' {
    const list = this.results.get(row.lineItemSourcedId!) ?? [];
    list.push({ row, line, deleting });
    this.results.set(row.lineItemSourcedId!, list);
    return 'skipped';
  }

  categoriesRead(summary: FileSummary): void {
    this.categorySummary = summary;
  }

  /** Each class: its settings, then its assignments; a refused settings put makes the class's line items bad. */
  async writeLineItems(summary: FileSummary, refuse: Refuse, pool: (tasks: (() => Promise<void>)[]) => Promise<void>): Promise<void> {
    const byClass = new Map<string, CategoryEntry[]>();
    for (const [sourcedId, { entry }] of this.categories) {
      const owner = classOfCategory(sourcedId);
      if (owner !== undefined) byClass.set(owner, [...(byClass.get(owner) ?? []), entry]);
    }
    const classes = new Set([...this.lineItems.keys(), ...byClass.keys()]);
    const tasks = [...classes].map((classSourcedId) => async () => {
      const lines = this.lineItems.get(classSourcedId) ?? [];
      summary.skipped -= lines.length;
      const sectionId = sisIdFor('class', classSourcedId);
      const own = new Map((byClass.get(classSourcedId) ?? []).map((entry) => [entry.id, entry]));
      const live: Line[] = [];
      for (const item of lines) {
        const named = this.categories.get(item.row.categorySourcedId!);
        if (!named && !item.deleting) {
          refuse(item.line, new RowRefused([{ field: 'categorySourcedId', reason: 'names no category of categories.csv' }]));
          continue;
        }
        if (named) own.set(named.entry.id, named.entry);
        live.push(item);
      }
      try {
        const section = await this.services.records.get(sectionType, { sectionId });
        if ((!section || section.deletedAt) && lines.length === 0) return; // a dotted sourcedId that names no class
        if (!section || section.deletedAt) throw new RowRefused([{ field: 'classSourcedId', reason: 'names no class of classes.csv' }]);
        if (own.size > 0) this.countCategories(own.size, await this.putSettings(sectionId, [...own.values()]));
      } catch (error) {
        for (const item of live) refuse(item.line, error);
        return;
      }
      for (const item of live) {
        try {
          summary[await this.assignment(sectionId, item)] += 1;
        } catch (error) {
          refuse(item.line, error);
        }
      }
    });
    await pool(tasks);
  }

  /** Each line item's results, one score post per 200 students on the class roster. */
  async writeResults(summary: FileSummary, refuse: Refuse, pool: (tasks: (() => Promise<void>)[]) => Promise<void>): Promise<void> {
    const tasks = [...this.results.entries()].map(([lineItemSourcedId, lines]) => async () => {
      summary.skipped -= lines.length;
      const assignmentId = sisIdFor('lineItem', lineItemSourcedId);
      const classSourcedId = lines.find((item) => item.row.classSourcedId)?.row.classSourcedId;
      const sectionId = this.sectionOfLineItem.get(lineItemSourcedId) ?? (classSourcedId ? sisIdFor('class', classSourcedId) : undefined);
      const assignment = sectionId ? await this.services.records.get(assignmentType, { sectionId, assignmentId }) : undefined;
      if (!sectionId || !assignment || assignment.deletedAt) {
        const error = new RowRefused([{ field: 'lineItemSourcedId', reason: 'names no line item of lineItems.csv' }]);
        for (const item of lines) refuse(item.line, error);
        return;
      }
      const roster = new Set(await rosterOf(this.services, sectionId));
      const entries: { line: number; score: Record<string, unknown> }[] = [];
      for (const item of lines) {
        const studentId = sisIdFor('user', item.row.studentSourcedId!);
        if (!roster.has(studentId)) {
          refuse(item.line, new RowRefused([{ field: 'studentSourcedId', reason: "is not on the class's roster (enrollments.csv)" }]));
        } else {
          entries.push({ line: item.line, score: { studentId, ...(item.deleting ? {} : scoreFromRow(item.row)) } });
        }
      }
      for (let start = 0; start < entries.length; start += MAX_SCORES_PER_POST) {
        await this.post(sectionId, assignmentId, entries.slice(start, start + MAX_SCORES_PER_POST), summary, refuse);
      }
    });
    await pool(tasks);
  }

  private countCategories(count: number, outcome: WriteOutcome): void {
    if (!this.categorySummary) return;
    this.categorySummary.skipped = Math.max(0, this.categorySummary.skipped - count);
    this.categorySummary[outcome] += count;
  }

  private async putSettings(sectionId: string, categories: CategoryEntry[]): Promise<WriteOutcome> {
    const before = await this.services.records.get(gradebookSettingsType, { sectionId });
    const columns = { categories: 'sourcedId', '': 'metadata.sis' };
    await refusedAs(columns, () => putGradebookSettings(this.services, sectionId, settingsFromCategories(categories), undefined, context));
    const after = await this.services.records.get(gradebookSettingsType, { sectionId });
    if (!before) return 'created';
    return before.version === after?.version ? 'unchanged' : 'updated';
  }

  private async assignment(sectionId: string, { row, deleting }: Line): Promise<WriteOutcome> {
    const assignmentId = sisIdFor('lineItem', row.sourcedId!);
    const ids = { sectionId, assignmentId };
    this.sectionOfLineItem.set(row.sourcedId!, sectionId);
    const existing = await this.services.records.get(assignmentType, ids);
    if (deleting) {
      if (!existing || existing.deletedAt) return 'unchanged';
      await deleteAssignment(this.services, sectionId, assignmentId, undefined, context);
      return 'deleted';
    }
    await this.remember('lineItem', row.sourcedId!);
    const body = assignmentFromRow(row);
    return refusedAs(LINE_ITEM_FIELD_COLUMNS, async () => {
      if (!existing) {
        await createAssignment(this.services, sectionId, body, context, assignmentId);
        return 'created';
      }
      if (existing.deletedAt) await restoreAssignment(this.services, sectionId, assignmentId, undefined, context);
      const { sectionId: _section, schoolId: _school, ...current } = existing.data;
      if (!existing.deletedAt && canonicalJson(current) === canonicalJson(body)) return 'unchanged';
      await updateAssignment(this.services, sectionId, assignmentId, body, undefined, context);
      return 'updated';
    });
  }

  /** One score post; the rows it refuses are reported and the rest posted again. */
  private async post(
    sectionId: string,
    assignmentId: string,
    entries: { line: number; score: Record<string, unknown> }[],
    summary: FileSummary,
    refuse: Refuse,
  ): Promise<void> {
    for (let attempt = 0; entries.length > 0; attempt += 1) {
      try {
        const { result } = await retryingContention(() =>
          postScores(this.services, sectionId, assignmentId, { scores: entries.map((entry) => entry.score) }, context),
        );
        summary.created += result.added;
        summary.updated += result.corrected;
        summary.unchanged += result.unchanged;
        return;
      } catch (error) {
        if (!(error instanceof Invalid) || attempt > 0) {
          const refusal = await refusedAs(RESULT_FIELD_COLUMNS, () => Promise.reject(error)).catch((refused: unknown) => refused);
          for (const entry of entries) refuse(entry.line, refusal);
          return;
        }
        const bad = new Map<number, { field: string; reason: string }[]>();
        for (const issue of error.issues) {
          const match = /^scores\[(\d+)\]\.?(\w*)/.exec(issue.field);
          const index = match ? Number(match[1]) : -1;
          const field = match ? (RESULT_FIELD_COLUMNS[match[2]!] ?? 'score') : 'row';
          bad.set(index, [...(bad.get(index) ?? []), { field, reason: issue.message }]);
        }
        if (bad.has(-1)) {
          for (const entry of entries) refuse(entry.line, new RowRefused(bad.get(-1)!));
          return;
        }
        for (const [index, issues] of bad) refuse(entries[index]!.line, new RowRefused(issues));
        entries = entries.filter((_, index) => !bad.has(index));
      }
    }
  }
}
