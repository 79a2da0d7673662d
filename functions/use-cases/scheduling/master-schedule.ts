import { DomainError, NotFound } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { sectionType } from '../../../domain/records/record-types';
import { PageQuery, type PageRequest, SchoolYearLabel } from '../../../domain/schemas/common';
import { SnapshotRequestSchema, SnapshotRestoreSchema } from '../../../domain/scheduling/schemas';
import type { Section } from '../../../domain/scheduling/schemas';
import { canonicalJson, parseOrThrow } from '../../../domain/validation';
import type { SnapshotHeader, SnapshotSection } from '../../repositories/master-schedule-store';
import type { PreparedWrite, StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { checkData, lifecycleWrite } from '../records/record-view';
import type { WriteContext } from '../write-context';

/** `?schoolYear=` of a term's snapshot list. */
export const SnapshotListQuery = PageQuery.extend({
  schoolYear: SchoolYearLabel,
});

/** Snapshot chunks stay well under DynamoDB's 400 KB item limit. */
const CHUNK_BYTES = 300_000;

async function termSections(services: Services, schoolId: string, schoolYear: string, termCode: string): Promise<StoredRecord<Section>[]> {
  const sections: StoredRecord<Section>[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.query(sectionType, {
      index: 'gsi1',
      partition: keys.sectionsOfSchoolTerm(schoolId, schoolYear, termCode),
      sortKeyPrefix: '',
      limit: 100,
      cursor,
    });
    sections.push(...page.items.filter((record) => !record.deletedAt));
    cursor = page.nextCursor;
  } while (cursor);
  return sections;
}

/**
 * Saves a named, numbered copy of a term's sections (their data and versions), so a master
 * schedule that went wrong can be brought back as it was.
 */
export async function snapshotMasterSchedule(services: Services, schoolId: string, termCode: string, body: unknown, context: WriteContext) {
  const request = parseOrThrow(SnapshotRequestSchema, body ?? {});
  await services.access.authorize(context.principal, 'create', 'masterSchedule', { schoolId });
  const sections = await termSections(services, schoolId, request.schoolYear, termCode);
  const existing = await listSnapshotHeaders(services, schoolId, request.schoolYear, termCode);
  const snapshotId = newId();
  const at = services.now().toISOString();
  const chunks: SnapshotSection[][] = [[]];
  let size = 0;
  for (const record of sections) {
    const entry: SnapshotSection = { id: record.id, version: record.version, data: record.data };
    const bytes = JSON.stringify(entry).length;
    if (size + bytes > CHUNK_BYTES && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(entry);
    size += bytes;
  }
  if (chunks.length + 1 > MAX_TRANSACTION_ITEMS) throw new Error('a master schedule too large for one snapshot transaction');
  const header: SnapshotHeader = {
    snapshotId,
    schoolId,
    schoolYear: request.schoolYear,
    termCode,
    name: request.name,
    number: existing.length + 1,
    sectionCount: sections.length,
    chunkCount: chunks.length,
    createdAt: at,
    createdBy: context.principal.sub,
  };
  return services.records
    .transaction(context, at)
    .add(...services.masterSchedule.snapshotSaved(header, chunks))
    .commit(header);
}

async function listSnapshotHeaders(services: Services, schoolId: string, schoolYear: string, termCode: string) {
  const { pk, skPrefix } = keys.snapshotsOfSchoolTerm(schoolId, schoolYear, termCode);
  const page = await services.records.rawQuery({ partition: pk, sortKeyPrefix: skPrefix, limit: 1000 });
  return page.items;
}

const headerView = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, entity: _entity, ...header } = item;
  return header;
};

export async function listSnapshots(
  services: Services,
  schoolId: string,
  termCode: string,
  query: PageRequest & { schoolYear: string },
  principal: Principal,
) {
  await services.access.authorize(principal, 'list', 'masterSchedule', { schoolId });
  const { pk, skPrefix } = keys.snapshotsOfSchoolTerm(schoolId, query.schoolYear, termCode);
  const page = await services.records.rawQuery({ partition: pk, sortKeyPrefix: skPrefix, limit: query.limit, cursor: query.cursor });
  return { schoolId, termCode, items: page.items.map(headerView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export interface RestoreReport {
  readonly snapshotId: string;
  readonly restored: string[];
  readonly deleted: string[];
  unchanged: number;
  readonly skipped: { sectionId: string; reason: string }[];
  transactions: number;
}

/**
 * Brings a term's sections back to a snapshot: changed sections get their snapshot data back
 * (as a new version), deleted ones are restored, and sections created since are soft-deleted.
 * Changes are packed into as few transactions as the 100-item limit allows; a batch that fails
 * is retried section by section, so one section in the way (a room taken since, a section with
 * students) is reported and the rest still go through. Running it again resumes: sections
 * already as in the snapshot are left alone.
 */
export async function restoreSnapshot(
  services: Services,
  schoolId: string,
  termCode: string,
  snapshotId: string,
  body: unknown,
  context: WriteContext,
): Promise<RestoreReport> {
  const request = parseOrThrow(SnapshotRestoreSchema, body ?? {});
  await services.access.authorize(context.principal, 'restore', 'masterSchedule', { schoolId });
  const headers = await listSnapshotHeaders(services, schoolId, request.schoolYear, termCode);
  const header = headers.find((item) => item.snapshotId === snapshotId);
  if (!header) throw new NotFound(`No snapshot ${snapshotId} of ${request.schoolYear} ${termCode}.`);
  const { pk, skPrefix } = keys.chunksOfSnapshot(schoolId, request.schoolYear, termCode, snapshotId);
  const chunks = await services.records.rawQuery({ partition: pk, sortKeyPrefix: skPrefix, limit: 1000 });
  const saved = chunks.items.flatMap((chunk) => chunk.sections as SnapshotSection[]);
  const savedIds = new Set(saved.map((section) => section.id));
  const current = await termSections(services, schoolId, request.schoolYear, termCode);
  const at = services.now().toISOString();
  const changeContext = { principal: context.principal, reason: request.reason };

  type Change = { sectionId: string; prepared: PreparedWrite<Section> };
  const changes: Change[] = [];
  const report: RestoreReport = { snapshotId, restored: [], deleted: [], unchanged: 0, skipped: [], transactions: 0 };
  const transaction = () => services.records.transaction(changeContext, at);
  // A section's change, with its lifecycle event and seat rules; one in the way (a room taken since) is skipped.
  const prepare = async (sectionId: string, write: Parameters<typeof lifecycleWrite<Section>>[2]) => {
    try {
      changes.push({ sectionId, prepared: await transaction().prepare(await lifecycleWrite(services, changeContext, write)) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.skipped.push({ sectionId, reason: error.message });
    }
  };
  // Deletions first: they free rooms and teachers that restored sections may need.
  for (const record of current.filter((section) => !savedIds.has(section.id))) {
    await prepare(record.id, { kind: sectionType, ids: record.ids, before: record, action: 'Deleted' });
  }
  for (const entry of saved) {
    const before = await services.records.get(sectionType, { sectionId: entry.id });
    if (!before) {
      report.skipped.push({ sectionId: entry.id, reason: 'the section no longer exists' });
      continue;
    }
    if (!before.deletedAt && canonicalJson(before.data) === canonicalJson(entry.data)) {
      report.unchanged += 1;
      continue;
    }
    let data: Section;
    try {
      data = checkData(sectionType, entry.data, at.slice(0, 10));
    } catch (error) {
      report.skipped.push({ sectionId: entry.id, reason: (error as Error).message });
      continue;
    }
    await prepare(entry.id, { kind: sectionType, ids: before.ids, before, action: before.deletedAt ? 'Restored' : 'Updated', data });
  }

  const record = (change: Change) => (savedIds.has(change.sectionId) ? report.restored : report.deleted).push(change.sectionId);
  const commitOneByOne = async (batch: Change[]) => {
    for (const change of batch) {
      try {
        const alone = transaction();
        alone.include(change.prepared);
        await alone.send();
        report.transactions += 1;
        record(change);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        report.skipped.push({ sectionId: change.sectionId, reason: error.message });
      }
    }
  };
  let batch: Change[] = [];
  let batchTransaction = transaction();
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await batchTransaction.send();
      report.transactions += 1;
      batch.forEach(record);
    } catch (error) {
      // A condition in the way, or two changes of the batch touching one item (a room one frees
      // and another takes): find out section by section.
      if (!(error instanceof DomainError) && (error as Error).name !== 'ValidationException') throw error;
      await commitOneByOne(batch);
    }
    batch = [];
    batchTransaction = transaction();
  };
  for (const change of changes) {
    if (batchTransaction.sizeWith(change.prepared) > MAX_TRANSACTION_ITEMS) await flush();
    batchTransaction.include(change.prepared);
    batch.push(change);
  }
  await flush();
  return report;
}
