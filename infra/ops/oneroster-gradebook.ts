/**
 * The SIS side of the gradebook files (decisions 0074, 0105), through the gradebook use cases the
 * API runs: each class's categories become its settings (putGradebookSettings), its line items its
 * assignments (createAssignment under the id the sourcedId gives, updateAssignment, deleteAssignment),
 * and a line item's results one score post per 200 students (postScores), so a class's roster is one
 * transaction per assignment and the families' notices fire as for a teacher's post. The same entry
 * points serve the gradebook's REST writes once they are routed.
 */
import { Invalid } from '../../domain/errors';
import {
  assignmentFromRow,
  categoryFromRow,
  categoryRows,
  classOfCategory,
  lineItemRow,
  resultRow,
  scaledWeights,
  scoreFromRow,
  settingsFromCategories,
  type CategoryEntry,
} from '../../domain/oneroster/csv-gradebook';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import type { QualityNote, StoredRow } from '../../domain/oneroster/roster-rows';
import { derivedColumns } from '../../domain/oneroster/sis-columns';
import { MAX_SCORES_PER_POST } from '../../domain/gradebook/schemas';
import { assignmentType, gradebookSettingsType, scoreType, sectionType } from '../../domain/records/record-types';
import { canonicalJson } from '../../domain/validation';
import {
  createAssignment,
  deleteAssignment,
  putGradebookSettings,
  restoreAssignment,
  updateAssignment,
} from '../../functions/use-cases/gradebook/gradebook-setup';
import { postScores } from '../../functions/use-cases/gradebook/post-scores';
import { rosterOf } from '../../functions/use-cases/gradebook/section-gradebook';
import type { FileHandler, ImportContext, RealizeResult, RowState, Take } from './oneroster-context';
import { IMPORTER, retryingContention, SisRefused, sisWrite } from './oneroster-writes';

const context = { principal: IMPORTER, reason: 'OneRoster CSV import' };
const LINE_ITEM_COLUMNS = {
  title: 'title',
  description: 'description',
  categoryId: 'categorySourcedId',
  assignedDate: 'assignDate',
  dueDate: 'dueDate',
  maxPoints: 'resultValueMax',
  '': 'sourcedId',
};
const RESULT_COLUMNS: Readonly<Record<string, string>> = {
  studentId: 'studentSourcedId',
  points: 'score',
  status: 'scoreStatus',
  comment: 'comment',
};
const NOT_IN_GRADEBOOK = "kept as a OneRoster row only (not in the class's gradebook in the SIS)";
const same = (_kind: string, id: string) => id;
const noted = (column: string, issue: string): RealizeResult => ({ notes: [{ column, issue: `${issue}: ${NOT_IN_GRADEBOOK}` }] });

export class GradebookHandler {
  private readonly categories = new Map<string, RowState>();
  private readonly lineItems = new Map<string, RowState[]>();
  private readonly results = new Map<string, RowState[]>();

  constructor(private readonly context: ImportContext) {}

  /** The handler of one of the three files. */
  handlerFor(file: 'categories' | 'lineItems' | 'results'): FileHandler {
    const collect =
      (map: Map<string, RowState[]>, key: (state: RowState) => string) =>
      async (state: RowState): Promise<Take> => {
        map.set(key(state), [...(map.get(key(state)) ?? []), state]);
        return state.deleting ? 'keep' : 'later';
      };
    if (file === 'categories')
      return { take: async (state) => (this.categories.set(state.sourcedId, state), state.deleting ? 'keep' : 'later') };
    if (file === 'lineItems')
      return {
        take: collect(this.lineItems, (state) => state.row.classSourcedId ?? ''),
        finish: () => this.writeLineItems(),
        unrealize: (row) => this.removeLineItem(row),
      };
    return { take: collect(this.results, (state) => state.row.lineItemSourcedId ?? ''), finish: () => this.writeResults() };
  }

  /** The category rows of a class: those its line items name and those named `<classSourcedId>.<id>`. */
  private async categoriesOf(
    classSourcedId: string,
    lines: readonly RowState[],
  ): Promise<Map<string, { state?: RowState; entry: CategoryEntry }>> {
    const stored = await this.context.stored('categories');
    const byId = (sourcedId: string) => {
      const own = this.categories.get(sourcedId);
      if (own && !own.deleting) return { state: own, entry: categoryFromRow(own.row) };
      const kept = stored.get(sourcedId);
      return kept?.status === 'active' && !own ? { entry: categoryFromRow(kept.row) } : undefined;
    };
    const found = new Map<string, { state?: RowState; entry: CategoryEntry }>();
    for (const line of lines) {
      const category = line.deleting ? undefined : byId(line.row.categorySourcedId ?? '');
      if (category) found.set(category.entry.id, category);
    }
    for (const sourcedId of this.categories.keys())
      if (classOfCategory(sourcedId) === classSourcedId && byId(sourcedId)) found.set(byId(sourcedId)!.entry.id, byId(sourcedId)!);
    return found;
  }

  /** Each class: its settings, then its assignments; a refused settings put leaves the class's line items out of its gradebook. */
  private async writeLineItems(): Promise<[RowState, RealizeResult][]> {
    const results: [RowState, RealizeResult][] = [];
    const classes = new Set(
      [...this.lineItems.keys(), ...[...this.categories.keys()].map((id) => classOfCategory(id) ?? '')].filter(Boolean),
    );
    await this.context.each([...classes], async (classSourcedId) => {
      const lines = this.lineItems.get(classSourcedId) ?? [];
      const live = lines.filter((state) => !state.deleting);
      const categories = await this.categoriesOf(classSourcedId, lines);
      const sectionId = await this.context.sectionOf(classSourcedId);
      const settle = (result: RealizeResult) => {
        for (const state of live) results.push([state, result]);
        for (const { state } of categories.values()) if (state) results.push([state, result]);
      };
      if (!sectionId) {
        if (live.length > 0) settle(noted('classSourcedId', 'names a class kept as a OneRoster row only'));
        return;
      }
      let settings: { version: number; data: Record<string, unknown> } | undefined;
      if (categories.size > 0) {
        try {
          settings = await this.putSettings(
            sectionId,
            [...categories.values()].map((entry) => entry.entry),
          );
        } catch (error) {
          if (!(error instanceof SisRefused)) throw error;
          settle({ notes: error.notes });
          return;
        }
      }
      const entries = [...categories.values()].map((category) => category.entry);
      const total = entries.reduce((sum, entry) => sum + (entry.weight ?? 0), 0);
      const shares =
        entries.every((entry) => entry.weight !== undefined) && total > 0 ? scaledWeights(entries, total) : new Map<string, number>();
      for (const { state, entry } of categories.values()) {
        if (!state) continue;
        const share = shares.get(entry.id);
        const notes =
          share !== undefined && share !== entry.weight
            ? [
                {
                  column: 'weight',
                  issue: `${entry.weight} is a share of the class's categories: it counts as ${share} of 100 in the SIS's weighted grade`,
                },
              ]
            : [];
        const sis = settings
          ? [{ entity: gradebookSettingsType.entity, ids: { sectionId }, version: settings.version, member: entry.id }]
          : undefined;
        const own = settings && categoryRows(sectionId, settings.data, same).find((row) => row.sourcedId === `${sectionId}.${entry.id}`);
        results.push([state, { sis, ...(own ? { derived: derivedColumns('categories', state.row, own) } : {}), notes }]);
      }
      const written = await Promise.all(live.map((state) => this.assignment(sectionId, state)));
      live.forEach((state, index) => results.push([state, written[index]!]));
    });
    return results;
  }

  private async putSettings(sectionId: string, categories: CategoryEntry[]): Promise<{ version: number; data: Record<string, unknown> }> {
    const { services } = this.context;
    await sisWrite({ categories: 'weight', '': 'metadata.sis' }, NOT_IN_GRADEBOOK, () =>
      putGradebookSettings(services, sectionId, settingsFromCategories(categories), undefined, context),
    );
    const written = (await services.records.get(gradebookSettingsType, { sectionId }))!;
    return { version: written.version, data: written.data };
  }

  private async assignment(sectionId: string, state: RowState): Promise<RealizeResult> {
    const { services } = this.context;
    const assignmentId = sisIdFor('lineItem', state.sourcedId);
    const ids = { sectionId, assignmentId };
    const body = assignmentFromRow(state.row);
    try {
      await sisWrite(LINE_ITEM_COLUMNS, NOT_IN_GRADEBOOK, async () => {
        const existing = await this.context.loader.get(assignmentType, ids);
        if (!existing) return createAssignment(services, sectionId, body, context, assignmentId);
        if (existing.deletedAt) await restoreAssignment(services, sectionId, assignmentId, undefined, context);
        const { sectionId: _section, schoolId: _school, ...current } = existing.data;
        if (!existing.deletedAt && canonicalJson(current) === canonicalJson(body)) return undefined;
        return updateAssignment(services, sectionId, assignmentId, body, undefined, context);
      });
      const written = (await services.records.get(assignmentType, ids))!;
      const derived = derivedColumns('lineItems', state.row, lineItemRow(assignmentId, written.data, same));
      return { sis: [{ entity: assignmentType.entity, ids, version: written.version }], derived, notes: [] };
    } catch (error) {
      if (error instanceof SisRefused) return { notes: error.notes };
      throw error;
    }
  }

  private async removeLineItem(stored: StoredRow): Promise<void> {
    const ids = stored.sis?.[0]?.ids;
    if (!ids) return;
    const existing = await this.context.services.records.get(assignmentType, ids);
    if (!existing || existing.deletedAt) return;
    await sisWrite({ '': 'sourcedId' }, 'the assignment stays in the SIS', () =>
      deleteAssignment(this.context.services, ids.sectionId!, ids.assignmentId!, undefined, context),
    );
  }

  /** Each line item's results, one score post per 200 students on the class roster. */
  private async writeResults(): Promise<[RowState, RealizeResult][]> {
    const { services } = this.context;
    const results: [RowState, RealizeResult][] = [];
    await this.context.each([...this.results], async ([lineItemSourcedId, states]) => {
      const live = states.filter((state) => !state.deleting);
      const lineItem = (await this.context.realizationsOf('lineItems', lineItemSourcedId))?.[0];
      if (!lineItem) {
        for (const state of live) results.push([state, noted('lineItemSourcedId', 'names a line item kept as a OneRoster row only')]);
        return;
      }
      const { sectionId, assignmentId } = lineItem.ids as { sectionId: string; assignmentId: string };
      const roster = new Set(await rosterOf(services, sectionId));
      const entries: { state: RowState; studentId: string; score: Record<string, unknown> }[] = [];
      for (const state of live) {
        const person = await this.context.personOf(state.row.studentSourcedId!);
        if (person?.kind !== 'student' || !roster.has(person.id)) {
          results.push([state, noted('studentSourcedId', "names a student who is not on the section's roster in the SIS")]);
          continue;
        }
        entries.push({ state, studentId: person.id, score: { studentId: person.id, ...scoreFromRow(state.row) } });
      }
      for (let start = 0; start < entries.length; start += MAX_SCORES_PER_POST) {
        const batch = entries.slice(start, start + MAX_SCORES_PER_POST);
        const refused = await this.post(
          sectionId,
          assignmentId,
          batch.map((entry) => entry.score),
        );
        const scores = await services.records.getMany(
          scoreType,
          batch.map((entry) => ({ sectionId, assignmentId, studentId: entry.studentId })),
        );
        const byStudent = new Map(scores.map((score) => [score.ids.studentId, score]));
        batch.forEach((entry, index) => {
          const score = byStudent.get(entry.studentId);
          if (refused.has(index) || !score) results.push([entry.state, { notes: refused.get(index) ?? [] }]);
          else {
            const derived = derivedColumns('results', entry.state.row, resultRow(score.data, same));
            results.push([
              entry.state,
              { sis: [{ entity: scoreType.entity, ids: score.ids, version: score.version }], derived, notes: [] },
            ]);
          }
        });
      }
    });
    return results;
  }

  /** One score post; the entries it refuses are noted and the rest posted again. */
  private async post(sectionId: string, assignmentId: string, scores: Record<string, unknown>[]): Promise<Map<number, QualityNote[]>> {
    const refused = new Map<number, QualityNote[]>();
    let pending = scores.map((score, index) => ({ score, index }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      try {
        await retryingContention(() =>
          postScores(this.context.services, sectionId, assignmentId, { scores: pending.map((entry) => entry.score) }, context),
        );
        return refused;
      } catch (error) {
        if (!(error instanceof Invalid) || attempt > 0) {
          const notes = await sisWrite(RESULT_COLUMNS, NOT_IN_GRADEBOOK, () => Promise.reject(error)).catch((caught: unknown) =>
            caught instanceof SisRefused ? [...caught.notes] : Promise.reject(caught),
          );
          for (const entry of pending) refused.set(entry.index, notes);
          return refused;
        }
        const bad = new Map<number, QualityNote[]>();
        for (const issue of error.issues) {
          const match = /^scores\[(\d+)\]\.?(\w*)/.exec(issue.field);
          const at = match ? Number(match[1]) : -1;
          const column = match ? (RESULT_COLUMNS[match[2]!] ?? 'score') : 'sourcedId';
          const list = at < 0 ? pending.map((_, index) => index) : [at];
          for (const index of list)
            bad.set(index, [...(bad.get(index) ?? []), { column, issue: `the SIS refused it (${issue.message}): ${NOT_IN_GRADEBOOK}` }]);
        }
        for (const [index, notes] of bad) refused.set(pending[index]!.index, notes);
        pending = pending.filter((_, index) => !bad.has(index));
      }
    }
    return refused;
  }
}

export { sectionType };
