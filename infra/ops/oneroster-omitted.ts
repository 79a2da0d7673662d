/**
 * OneRoster's bulk mode (decision 0091): a bulk file is the whole set of its kind, so a live record
 * of that kind that the file omits is deleted: a soft delete through the same use cases as a delta
 * file's `tobedeleted` row, kept in history and restored by a later import that names it again.
 * A bulk file that would delete more than a share of its kind's live records (a truncated export,
 * the wrong school's file) deletes none of them unless the import is told to.
 */
import type { CsvFile } from '../../domain/oneroster/csv-files';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import {
  courseType,
  guardianType,
  schoolType,
  sectionType,
  staffType,
  studentType,
  type RecordType,
} from '../../domain/records/record-types';
import { DomainError } from '../../domain/errors';
import type { OneRosterStore } from '../../functions/repositories/oneroster-store';
import type { Services } from '../../functions/services';
import { deleteAssignment } from '../../functions/use-cases/gradebook/gradebook-setup';
import { dropStudent } from '../../functions/use-cases/scheduling/drop-student';
import type { BadRowReport, FileSummary } from './oneroster-importer';
import { IMPORTER, remove } from './oneroster-writes';

/** The files whose bulk form deletes by omission, the entities each covers, and how a row names one. */
const OMISSIBLE: Partial<Record<CsvFile, { entities: readonly string[]; keyOfRow: (row: CsvRow) => string | undefined }>> = {
  orgs: { entities: ['school'], keyOfRow: (row) => (row.type === 'school' && row.sourcedId ? sisIdFor('org', row.sourcedId) : undefined) },
  courses: { entities: ['course'], keyOfRow: (row) => (row.sourcedId ? sisIdFor('course', row.sourcedId) : undefined) },
  classes: { entities: ['section'], keyOfRow: (row) => (row.sourcedId ? sisIdFor('class', row.sourcedId) : undefined) },
  users: { entities: ['student', 'staff', 'guardian'], keyOfRow: (row) => (row.sourcedId ? sisIdFor('user', row.sourcedId) : undefined) },
  enrollments: {
    entities: ['rosterEntry'],
    keyOfRow: (row) =>
      row.role === 'student' && row.classSourcedId && row.userSourcedId
        ? `${sisIdFor('class', row.classSourcedId)}/${sisIdFor('user', row.userSourcedId)}`
        : undefined,
  },
  lineItems: {
    entities: ['assignment'],
    keyOfRow: (row) =>
      row.classSourcedId && row.sourcedId ? `${sisIdFor('class', row.classSourcedId)}/${sisIdFor('lineItem', row.sourcedId)}` : undefined,
  },
};

const RECORD_TYPES: Readonly<Record<string, RecordType>> = {
  school: schoolType,
  course: courseType,
  section: sectionType,
  student: studentType,
  staff: staffType,
  guardian: guardianType,
};

interface Live {
  readonly entity: string;
  readonly id: string;
  readonly ids: Readonly<Record<string, string>>;
}

const keyOfLive = (live: Live): string =>
  live.entity === 'rosterEntry'
    ? `${live.ids.sectionId}/${live.ids.studentId}`
    : live.entity === 'assignment'
      ? `${live.ids.sectionId}/${live.ids.assignmentId}`
      : live.id;

export interface OmittedOptions {
  /** Deleting more than this share of a kind's live records needs `allowMassDelete`. @default 0.2 */
  readonly maxShare?: number;
  readonly allowMassDelete?: boolean;
}

export class OmittedRecords {
  private readonly seen = new Map<CsvFile, Set<string>>();
  private live: Live[] = [];

  constructor(
    private readonly services: Services,
    private readonly report: BadRowReport,
    private readonly options: OmittedOptions = {},
  ) {}

  /** Reads which records are live before the import writes anything, for the files read in bulk. */
  async start(store: OneRosterStore, bulkFiles: readonly CsvFile[]): Promise<void> {
    const files = bulkFiles.filter((file) => OMISSIBLE[file]);
    for (const file of files) this.seen.set(file, new Set());
    const entities = files.flatMap((file) => OMISSIBLE[file]!.entities);
    this.live = entities.length > 0 ? await store.liveIds(entities) : [];
  }

  /** A row of a bulk file (good or bad: a row that is there, even malformed, is not omitted). */
  see(file: CsvFile, row: CsvRow): void {
    const key = this.seen.has(file) ? OMISSIBLE[file]!.keyOfRow(row) : undefined;
    if (key) this.seen.get(file)!.add(key);
  }

  /**
   * Deletes what the bulk files omitted, dependants first (scores go with their assignment, a
   * student leaves their classes before their record goes). Refusals (a student still enrolled)
   * are reported, not thrown.
   */
  async sweep(files: Partial<Record<CsvFile, FileSummary>>, importOrder: readonly CsvFile[], notes: string[]): Promise<void> {
    for (const file of [...importOrder].reverse()) {
      const seen = this.seen.get(file);
      const summary = files[file];
      if (!seen || !summary) continue;
      const entities = OMISSIBLE[file]!.entities;
      const live = this.live.filter((record) => entities.includes(record.entity));
      const omitted = live.filter((record) => !seen.has(keyOfLive(record)));
      if (omitted.length === 0) continue;
      const share = omitted.length / live.length;
      if (share > (this.options.maxShare ?? 0.2) && omitted.length > 5 && !this.options.allowMassDelete) {
        notes.push(
          `${file}.csv (bulk) omits ${omitted.length} of ${live.length} live records (${Math.round(share * 100)}%): none deleted; ` +
            'import with --allow-mass-delete if the file really is the whole set',
        );
        continue;
      }
      for (const record of omitted) {
        try {
          if ((await this.remove(record)) === 'deleted') summary.deleted += 1;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          this.report.add(file, 0, [
            { field: 'sourcedId', reason: `${record.id} is omitted from the bulk file but was not deleted: ${error.message}` },
          ]);
        }
      }
    }
  }

  private async remove(record: Live): Promise<'deleted' | 'unchanged'> {
    const context = { principal: IMPORTER, reason: 'OneRoster CSV import (omitted from a bulk file)' };
    if (record.entity === 'rosterEntry') {
      await dropStudent(this.services, record.ids.sectionId!, record.ids.studentId!, { reason: context.reason }, context);
      return 'deleted';
    }
    if (record.entity === 'assignment') {
      await deleteAssignment(this.services, record.ids.sectionId!, record.ids.assignmentId!, undefined, context);
      return 'deleted';
    }
    const outcome = await remove(this.services, RECORD_TYPES[record.entity]!, record.ids);
    return outcome === 'deleted' ? 'deleted' : 'unchanged';
  }
}
