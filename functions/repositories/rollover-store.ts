import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict, NotFound } from '../../domain/errors';
import type { RolloverOutcome } from '../../domain/enrollment/rollover';
import { keys } from '../../domain/keys';
import { queryAll, queryByPrefix, type Page } from './query';
import { fieldsUpdated } from './field-updates';
import type { TransactionItem } from './transaction-runner';

export type RolloverStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

/** What a dry run found, and what the run reports it did. */
export interface RolloverReport {
  readonly students: number;
  readonly byGrade: Readonly<Record<string, Readonly<Record<RolloverOutcome, number>>>>;
  /** Next year's calendar: created by the run, or there already. */
  readonly calendar: 'create' | 'created' | 'exists';
  readonly sections: { readonly thisYear: number; readonly copied: number; readonly existing: number };
  /** Next year's seats by grade (after the run, or as planned), beside the capacity the calendar sets. */
  readonly seats: readonly { readonly gradeLevel: string; readonly students: number; readonly capacity?: number }[];
  /** Students with course requests for next year already (carried as they are), and without. */
  readonly courseRequests: { readonly withRequests: number; readonly without: number };
}

export interface RolloverProgress {
  readonly done: number;
  readonly byOutcome: Readonly<Record<RolloverOutcome, number>>;
  /** Students a resumed run found done already. */
  readonly resumed: number;
  /** Students the run could not roll over, with why (a full grade next year, a record changed meanwhile). */
  readonly refused: readonly { readonly studentId: string; readonly reason: string }[];
}

/** A year-end rollover of one school (decision 0156). */
export interface RolloverRun {
  readonly runId: string;
  readonly schoolId: string;
  readonly fromYear: string;
  readonly toYear: string;
  readonly dryRun: boolean;
  readonly retain: readonly string[];
  readonly exitCodes: Readonly<Record<string, string>>;
  readonly status: RolloverStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly report?: RolloverReport;
  readonly progress?: RolloverProgress;
  readonly error?: string;
}

const RUN_FIELDS = [
  'runId',
  'schoolId',
  'fromYear',
  'toYear',
  'dryRun',
  'retain',
  'exitCodes',
  'status',
  'createdAt',
  'createdBy',
  'updatedAt',
  'report',
  'progress',
  'error',
] as const;
const toRun = (item: Record<string, unknown>) =>
  Object.fromEntries(
    RUN_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as RolloverRun;

/** Year-end rollovers: their runs, and the students each run has done (written in the students' own transactions). */
export class RolloverStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  runStarted(run: RolloverRun): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.rolloverRun(run.schoolId, run.runId), entity: 'rolloverRun', ...run },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Conflict(`A rollover ${run.runId} exists already.`),
    };
  }

  /** Sets fields of a run (status, report, progress). */
  runUpdated(schoolId: string, runId: string, fields: Partial<Omit<RolloverRun, 'runId' | 'schoolId'>>): TransactionItem {
    return fieldsUpdated(this.tableName, keys.rolloverRun(schoolId, runId), fields, () => new NotFound(`No rollover ${runId}.`));
  }

  async run(schoolId: string, runId: string): Promise<RolloverRun | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rolloverRun(schoolId, runId), ConsistentRead: true }),
    );
    return Item ? toRun(Item) : undefined;
  }

  async runsOf(schoolId: string, limit: number, cursor?: string): Promise<Page<RolloverRun>> {
    const { pk, skPrefix } = keys.rolloverRunsOfSchool(schoolId);
    const page = await queryByPrefix(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, limit, cursor });
    return { items: page.items.map(toRun), nextCursor: page.nextCursor };
  }

  /** The student is done by the run: written with the student's changes, so a second write of it refuses the whole. */
  studentDone(runId: string, studentId: string, outcome: RolloverOutcome, at: string): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.rolloverStudent(runId, studentId), entity: 'rolloverStudent', runId, studentId, outcome, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new AlreadyRolledOver(studentId),
    };
  }

  /** The students the run has done, with their outcomes. */
  async doneStudents(runId: string): Promise<Map<string, RolloverOutcome>> {
    const { pk, skPrefix } = keys.rolloverStudents(runId);
    const items = await queryAll(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, consistent: true });
    return new Map(items.map((item) => [String(item.studentId), item.outcome as RolloverOutcome]));
  }
}

/** The run did this student already (a redelivered message, two consumers at once). */
export class AlreadyRolledOver extends Conflict {
  constructor(readonly studentId: string) {
    super(`Student ${studentId} was rolled over by this run already.`);
  }
}
