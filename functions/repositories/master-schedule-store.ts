import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { fieldsUpdated } from './field-updates';
import type { TransactionItem } from './transaction-runner';

/** A section as a snapshot keeps it: its id, version and data. */
export interface SnapshotSection {
  readonly id: string;
  readonly version: number;
  readonly data: Record<string, unknown>;
}

/** A saved copy of a school's master schedule for a term; the sections are in its chunks. */
export interface SnapshotHeader {
  readonly snapshotId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly termCode: string;
  readonly name: string;
  readonly number: number;
  readonly sectionCount: number;
  readonly chunkCount: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export type RunStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

/** One run of the automatic scheduler: its input, status, progress and totals. */
export interface SchedulingRun {
  readonly runId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly termCode: string;
  readonly seed: number;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly progress: { readonly planned: number; readonly written: number; readonly lostRace: number };
  readonly totals?: { readonly students: number; readonly requested: number; readonly placed: number; readonly unplaced: number };
  readonly resultChunks?: number;
  readonly error?: string;
}

const RUN_FIELDS = [
  'runId',
  'schoolId',
  'schoolYear',
  'termCode',
  'seed',
  'status',
  'createdAt',
  'createdBy',
  'updatedAt',
  'progress',
  'totals',
  'resultChunks',
  'error',
] as const satisfies readonly (keyof SchedulingRun)[];

/** A run out of its item: the run's own attributes, as `runStarted` and `runUpdated` wrote them. */
function toRun(item: Record<string, unknown>): SchedulingRun {
  const run: Record<string, unknown> = {};
  for (const field of RUN_FIELDS) if (item[field] !== undefined) run[field] = item[field];
  return {
    runId: String(run.runId),
    schoolId: String(run.schoolId),
    schoolYear: String(run.schoolYear),
    termCode: String(run.termCode),
    seed: Number(run.seed),
    status: String(run.status) as RunStatus,
    createdAt: String(run.createdAt),
    createdBy: String(run.createdBy),
    updatedAt: String(run.updatedAt),
    progress: run.progress as SchedulingRun['progress'],
    ...(run.totals ? { totals: run.totals as NonNullable<SchedulingRun['totals']> } : {}),
    ...(run.resultChunks !== undefined ? { resultChunks: Number(run.resultChunks) } : {}),
    ...(run.error !== undefined ? { error: String(run.error) } : {}),
  };
}

/**
 * The master schedule's repository: snapshots of a term's sections, and the automatic
 * scheduler's runs with their per-student results.
 */
export class MasterScheduleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** A snapshot's header and its chunks of sections, each written once. */
  snapshotSaved(header: SnapshotHeader, chunks: readonly (readonly SnapshotSection[])[]): TransactionItem[] {
    const { schoolId, schoolYear, termCode, snapshotId } = header;
    return [
      {
        item: {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.scheduleSnapshot(schoolId, schoolYear, termCode, snapshotId), entity: 'scheduleSnapshot', ...header },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new Error('snapshot id taken'),
      },
      ...chunks.map((sections, index) => ({
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.scheduleSnapshotChunk(schoolId, schoolYear, termCode, snapshotId, index),
              entity: 'scheduleSnapshotChunk',
              sections,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new Error('snapshot chunk taken'),
      })),
    ];
  }

  async getRun(runId: string): Promise<SchedulingRun | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.schedulingRun(runId), ConsistentRead: true }),
    );
    return Item ? toRun(Item) : undefined;
  }

  /** The students of one chunk of a run's results (none when there is no such chunk). */
  async runResults(runId: string, index: number): Promise<unknown[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.schedulingRunResult(runId, index) }));
    return Array.isArray(Item?.students) ? (Item.students as unknown[]) : [];
  }

  /** A new run, listed under its school and term. */
  runStarted(run: SchedulingRun): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.schedulingRun(run.runId),
            ...keys.schedulingRunsOfSchoolByTerm(run.schoolId, run.schoolYear, run.termCode, run.runId),
            entity: 'schedulingRun',
            ...run,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Error('run id taken'),
    };
  }

  /** Sets fields of a run (its status, progress, totals). */
  runUpdated(runId: string, fields: Partial<Omit<SchedulingRun, 'runId'>>): TransactionItem {
    return fieldsUpdated(this.tableName, keys.schedulingRun(runId), fields, () => new NotFound(`No scheduling run ${runId}.`));
  }

  /** One chunk of a run's per-student results. */
  runResultsSaved(runId: string, index: number, students: readonly unknown[]): TransactionItem {
    return {
      item: {
        Put: { TableName: this.tableName, Item: { ...keys.schedulingRunResult(runId, index), entity: 'schedulingRunResult', students } },
      },
      onConditionFailed: () => new Error('result chunk'),
    };
  }
}
