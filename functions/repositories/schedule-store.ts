import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import { refusedInTransaction } from '../../domain/scheduling/errors';
import type { CourseCompletion } from '../../domain/scheduling/schemas';
import { batchGet } from './batch-get';
import { queryAll } from './query';
import type { TransactionItem } from './transaction-runner';

/** The condition a slot item's rewrite holds. */
interface PeriodCondition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** A section's seats: how many are taken, and how many there are (kept in step with the section). */
export interface Seats {
  readonly taken: number;
  readonly capacity: number;
  /** Placements and drops so far: a section's meeting change is conditioned on it (absent on older counters). */
  readonly changes?: number;
}

const seatsOfItem = (item: Record<string, unknown>): Seats => ({
  taken: Number(item.taken ?? 0),
  capacity: Number(item.capacity ?? 0),
  ...(item.changes === undefined ? {} : { changes: Number(item.changes) }),
});

/**
 * The scheduling repository: seat counters, the student's slot items, course completions and
 * the teacher relationship. It reads, and builds the items that the assignment transactions add
 * to a roster entry's change (the record store writes the entry and its history).
 */
export class ScheduleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async seats(sectionId: string): Promise<Seats | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.sectionSeats(sectionId), ConsistentRead: true }),
    );
    return Item ? seatsOfItem(Item) : undefined;
  }

  /** Seats of many sections (BatchGetItem, 100 keys a call). */
  async seatsOf(sectionIds: readonly string[]): Promise<Map<string, Seats>> {
    const items = await this.batchGet(sectionIds.map((sectionId) => keys.sectionSeats(sectionId)));
    return new Map(items.map((item) => [String(item.pk).slice('SECTION#'.length), seatsOfItem(item)]));
  }

  /** The courses a student finished (prerequisites, "already passed"). */
  async completions(studentId: string): Promise<CourseCompletion[]> {
    const { pk, skPrefix } = keys.completionsOfStudent(studentId);
    const items = await queryAll(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix });
    return items.map((item) => ({
      courseCode: String(item.courseCode),
      schoolYear: String(item.schoolYear),
      termCode: String(item.termCode),
      passed: item.passed === true,
      ...(item.mark ? { mark: String(item.mark) } : {}),
    }));
  }

  /** The ids of a student's live sections in a school year (all terms). */
  async sectionIdsOfStudentInYear(studentId: string, schoolYear: string): Promise<string[]> {
    const { pk, skPrefix } = keys.sectionsOfStudentInYear(studentId, schoolYear);
    const items = await queryAll(this.client, this.tableName, { index: 'gsi2', partition: pk, sortKeyPrefix: skPrefix });
    return items.map((item) => String((item.ids as Record<string, string>).sectionId));
  }

  /** Whether the staff member teaches any of these sections (their teacher items exist while the section is live). */
  async teachesAny(staffId: string, sectionIds: readonly string[]): Promise<boolean> {
    if (sectionIds.length === 0) return false;
    const found = await this.batchGet(sectionIds.map((sectionId) => keys.sectionTeacher(sectionId, staffId)));
    return found.length > 0;
  }

  private batchGet(keyList: readonly Key[]): Promise<Record<string, unknown>[]> {
    return batchGet(this.client, this.tableName, keyList);
  }

  // ── items for transactions ───────────────────────────────────────────

  /** A course the student finished (a posted final mark records it). */
  completionRecorded(studentId: string, completion: CourseCompletion, at: string): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.courseCompletion(studentId, completion.courseCode, completion.schoolYear, completion.termCode),
            entity: 'courseCompletion',
            ...completion,
            studentId,
            recordedAt: at,
          },
        },
      },
      onConditionFailed: () => new Conflict('course completion write failed'),
    };
  }

  /** A completion withdrawn (the final mark that recorded it was un-posted). */
  completionWithdrawn(studentId: string, course: Pick<CourseCompletion, 'courseCode' | 'schoolYear' | 'termCode'>): TransactionItem {
    return {
      item: {
        Delete: {
          TableName: this.tableName,
          Key: keys.courseCompletion(studentId, course.courseCode, course.schoolYear, course.termCode),
        },
      },
      onConditionFailed: () => new Error('a completion delete has no condition'),
    };
  }

  /** A new section's seat counter. */
  seatsCreated(sectionId: string, capacity: number): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.sectionSeats(sectionId), entity: 'sectionSeats', taken: 0, capacity },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Error(`section ${sectionId} has a seat counter already`),
    };
  }

  /**
   * A section's capacity changed: never below the seats already taken. With `changesRead` (a change
   * of the section's meetings), also on the condition that no student was placed or dropped since
   * the roster was read: the students moved with the section are then all of them.
   */
  seatsResized(sectionId: string, capacity: number, changesRead?: { readonly changes?: number }): TransactionItem {
    const read = changesRead?.changes;
    const guard = changesRead === undefined ? '' : read === undefined ? ' AND attribute_not_exists(#changes)' : ' AND #changes = :changes';
    const names = { '#capacity': 'capacity', '#entity': 'entity', '#taken': 'taken', ...(guard ? { '#changes': 'changes' } : {}) };
    const values = { ':capacity': capacity, ':zero': 0, ':entity': 'sectionSeats', ...(read === undefined ? {} : { ':changes': read }) };
    const moved = `Students were placed in or dropped from the section while its meetings changed (or it has more than ${capacity}); reload the section and try again.`;
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.sectionSeats(sectionId),
          UpdateExpression: 'SET #capacity = :capacity, #entity = :entity ADD #taken :zero',
          ConditionExpression: `(attribute_not_exists(#taken) OR #taken <= :capacity)${guard}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () =>
        guard
          ? new Conflict(moved)
          : refusedInTransaction({
              code: 'section-full',
              message: `The section has more students than ${capacity}; drop some before lowering its capacity.`,
            }),
    };
  }

  /** A section may be deleted only when nobody sits in it. */
  seatsEmpty(sectionId: string): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.sectionSeats(sectionId),
          ConditionExpression: 'attribute_not_exists(#taken) OR #taken = :zero',
          ExpressionAttributeNames: { '#taken': 'taken' },
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      // A delete, not a class assignment: a plain conflict, without an assignment's `refusals`.
      onConditionFailed: () => new Conflict('The section still has students; drop them (or move them) before deleting it.'),
    };
  }

  /** Takes a seat; the capacity is held by the condition unless staff override a full section. */
  seatTaken(sectionId: string, overrideFull: boolean): TransactionItem {
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.sectionSeats(sectionId),
          UpdateExpression: 'ADD #taken :one, #changes :one',
          ConditionExpression: overrideFull ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND #taken < #capacity',
          ExpressionAttributeNames: overrideFull
            ? { '#taken': 'taken', '#changes': 'changes' }
            : { '#taken': 'taken', '#capacity': 'capacity', '#changes': 'changes' },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      onConditionFailed: () =>
        refusedInTransaction({ code: 'section-full', message: 'The section filled up meanwhile; every seat is taken.' }),
    };
  }

  seatFreed(sectionId: string): TransactionItem {
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.sectionSeats(sectionId),
          UpdateExpression: 'ADD #taken :minusOne, #changes :one',
          ConditionExpression: '#taken > :zero',
          ExpressionAttributeNames: { '#taken': 'taken', '#changes': 'changes' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0, ':one': 1 },
        },
      },
      onConditionFailed: () => new Error(`section ${sectionId}'s seat counter is already at zero`),
    };
  }

  /**
   * The student takes the section's slot cells in one period: the condition holds "one section per
   * slot" (no cell of this section may be in the student's set already).
   */
  periodTaken(
    studentId: string,
    schoolYear: string,
    termCode: string,
    period: string,
    cells: readonly string[],
    sectionId: string,
  ): TransactionItem {
    const values: Record<string, unknown> = { ':cells': new Set(cells), ':section': new Set([sectionId]), ':entity': 'studentPeriod' };
    const free = cells.map((cell, index) => {
      values[`:c${index}`] = cell;
      return `NOT contains(#cells, :c${index})`;
    });
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.studentPeriod(studentId, schoolYear, termCode, period),
          UpdateExpression: 'SET #entity = :entity ADD #cells :cells, #sections :section',
          ConditionExpression: `attribute_not_exists(#cells) OR (${free.join(' AND ')})`,
          ExpressionAttributeNames: { '#entity': 'entity', '#cells': 'cells', '#sections': 'sections' },
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () =>
        refusedInTransaction({ code: 'period-conflict', message: `The student was just placed in another section in period ${period}.` }),
    };
  }

  /** The student gives the section's cells in one period back. */
  periodFreed(
    studentId: string,
    schoolYear: string,
    termCode: string,
    period: string,
    cells: readonly string[],
    sectionId: string,
  ): TransactionItem {
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.studentPeriod(studentId, schoolYear, termCode, period),
          UpdateExpression: 'DELETE #cells :cells, #sections :section',
          ConditionExpression: 'contains(#sections, :id)',
          ExpressionAttributeNames: { '#cells': 'cells', '#sections': 'sections' },
          ExpressionAttributeValues: { ':cells': new Set(cells), ':section': new Set([sectionId]), ':id': sectionId },
        },
      },
      onConditionFailed: () => new Error(`student ${studentId} does not hold section ${sectionId}'s slots in period ${period}`),
    };
  }

  /** A student's slot items of a term, by period: the cells and the sections holding them. */
  async periodsOfStudent(
    studentId: string,
    schoolYear: string,
    termCode: string,
  ): Promise<Map<string, { cells: string[]; sections: string[] }>> {
    const { pk, skPrefix } = keys.slotsOfStudent(studentId, schoolYear, termCode);
    const items = await queryAll(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, consistent: true });
    return new Map(
      items.map((item) => [
        String(item.sk).slice(skPrefix.length),
        {
          cells: [...((item.cells as Set<string> | undefined) ?? [])].sort(),
          sections: [...((item.sections as Set<string> | undefined) ?? [])].sort(),
        },
      ]),
    );
  }

  /**
   * Rewrites one period's slot item for a whole-schedule change, on the condition that it still
   * holds the sections read before (no one placed the student meanwhile).
   */
  periodReplaced(
    studentId: string,
    schoolYear: string,
    termCode: string,
    period: string,
    read: readonly string[],
    next: { cells: readonly string[]; sections: readonly string[] },
  ): TransactionItem {
    const key = keys.studentPeriod(studentId, schoolYear, termCode, period);
    const condition: PeriodCondition =
      read.length === 0
        ? { ConditionExpression: 'attribute_not_exists(#cells)', ExpressionAttributeNames: { '#cells': 'cells' } }
        : {
            ConditionExpression: '#sections = :read',
            ExpressionAttributeNames: { '#sections': 'sections' },
            ExpressionAttributeValues: { ':read': new Set(read) },
          };
    const refused = () =>
      refusedInTransaction({
        code: 'period-conflict',
        message: `The student's classes in period ${period} changed meanwhile; reload the schedule.`,
      });
    return this.periodWritten(key, condition, next, refused);
  }

  /**
   * Sets one period's slot item to `next` (deleted when it holds no cell) on the condition that it
   * is still exactly as read, cells and sections: a section's meeting change rewrites its students'
   * periods from what it read, and anything placed or dropped meanwhile makes it fail.
   */
  periodRewritten(
    studentId: string,
    schoolYear: string,
    termCode: string,
    period: string,
    read: { readonly cells: readonly string[]; readonly sections: readonly string[] } | undefined,
    next: { readonly cells: readonly string[]; readonly sections: readonly string[] },
  ): TransactionItem {
    const key = keys.studentPeriod(studentId, schoolYear, termCode, period);
    const condition: PeriodCondition =
      read === undefined || read.cells.length === 0
        ? { ConditionExpression: 'attribute_not_exists(#cells)', ExpressionAttributeNames: { '#cells': 'cells' } }
        : {
            ConditionExpression: '#cells = :readCells AND #sections = :readSections',
            ExpressionAttributeNames: { '#cells': 'cells', '#sections': 'sections' },
            ExpressionAttributeValues: { ':readCells': new Set(read.cells), ':readSections': new Set(read.sections) },
          };
    const changed = () =>
      new Conflict(`A student's classes in period ${period} changed while the section's meetings changed; reload and try again.`);
    return this.periodWritten(key, condition, next, changed);
  }

  /** A period's slot item put as `next`, or deleted when it holds no cell, on `condition`. */
  private periodWritten(
    key: Key,
    condition: PeriodCondition,
    next: { readonly cells: readonly string[]; readonly sections: readonly string[] },
    onConditionFailed: () => Error,
  ): TransactionItem {
    if (next.cells.length === 0) return { item: { Delete: { TableName: this.tableName, Key: key, ...condition } }, onConditionFailed };
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...key, entity: 'studentPeriod', cells: new Set(next.cells), sections: new Set(next.sections) },
          ...condition,
        },
      },
      onConditionFailed,
    };
  }

  /** The student must be actively enrolled at the school in the school year (checked in the same transaction). */
  enrolledAt(studentId: string, schoolYear: string, schoolId: string): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.activeEnrollment(studentId, schoolYear),
          ConditionExpression: '#school = :school',
          ExpressionAttributeNames: { '#school': 'schoolId' },
          ExpressionAttributeValues: { ':school': schoolId },
        },
      },
      onConditionFailed: () =>
        refusedInTransaction({
          code: 'not-enrolled',
          message: `The student's enrollment at the school for ${schoolYear} ended meanwhile.`,
        }),
    };
  }
}
