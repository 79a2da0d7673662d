import { TABLE } from '../../domain/table';
import { TABLE_CAPACITY } from './capacity';

/**
 * What the deployed table carries beyond its keys and indexes (domain/table.ts), in one place: the
 * stateful stack builds the table from it, and the restore runbook (infra/ops/restore-runbook.ts)
 * re-applies it to a restored table, which comes back without most of it. A setting added here
 * reaches both; a setting written only in the stack would be lost by every restore.
 */
export interface TableSettings {
  /** Continuous backups (PITR): a restored table has them off. */
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  /** The stream the outbox relay reads. */
  readonly streamViewType: typeof TABLE.streamViewType;
  readonly timeToLiveAttribute: string;
  /** Pre-warmed throughput of the table and of each index, and the on-demand caps (production only). */
  readonly capacity?: {
    readonly warm: { readonly readUnitsPerSecond: number; readonly writeUnitsPerSecond: number };
    readonly warmIndex: { readonly readUnitsPerSecond: number; readonly writeUnitsPerSecond: number };
    readonly max: { readonly readRequestUnits: number; readonly writeRequestUnits: number };
  };
  readonly indexNames: readonly string[];
  /** Tags of the table: its stage, and what it holds (education records under FERPA). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface TableSettingsOptions {
  readonly stage: string;
  /** Pre-warm the table and cap its throughput from the capacity model (a production stage). */
  readonly districtCapacity: boolean;
}

/** The settings of the table of a stage. */
export function tableSettings(options: TableSettingsOptions): TableSettings {
  return {
    pointInTimeRecovery: true,
    deletionProtection: true,
    streamViewType: TABLE.streamViewType,
    timeToLiveAttribute: TABLE.timeToLiveAttribute,
    ...(options.districtCapacity ? { capacity: TABLE_CAPACITY } : {}),
    indexNames: TABLE.globalIndexes.map((index) => index.indexName),
    tags: { 'sis:stage': options.stage, 'sis:data-classification': 'education-records' },
  };
}
