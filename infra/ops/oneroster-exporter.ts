/**
 * The OneRoster 1.2 CSV exporter: the district's view (view.ts) as a bulk file set. The rows the
 * district's files gave come back as given (with what the SIS changed since), the SIS's own records
 * as rows of their own; only live rows, sorted by sourcedId, status left blank (a bulk file is the
 * whole set). A file without rows is not written and is absent from the manifest (CSV binding 1.2,
 * §2: files that contain no data rows are not permitted).
 */
import { CSV_FILES, type CsvFile } from '../../domain/oneroster/binding';
import { columnsOf, EXPORTED_FILES, manifestRows, SIS_COLUMN } from '../../domain/oneroster/csv-files';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import { isExtensionColumn } from '../../domain/oneroster/binding';
import type { StoredRow } from '../../domain/oneroster/roster-rows';
import { buildView } from '../../domain/oneroster/view';
import { OneRosterRows } from '../../functions/repositories/oneroster-rows';
import type { OneRosterStore } from '../../functions/repositories/oneroster-store';
import type { Services } from '../../functions/services';
import { writeCsvSet, type CsvOutput } from './oneroster-archive';

/** The SIS records the view reads. */
export const VIEW_ENTITIES = [
  'school',
  'schoolYear',
  'course',
  'section',
  'rosterEntry',
  'gradebookSettings',
  'assignment',
  'score',
  'guardianLink',
  'student',
  'staff',
  'guardian',
];

export interface ExportOptions {
  /** The district org's name when the district's files gave none. @default "District" */
  readonly districtName?: string;
}

export interface ExportSummary {
  readonly files: Partial<Record<CsvFile, number>>;
  readonly rows: number;
  readonly seconds: number;
}

/** The manifest and each file with rows, rows sorted by sourcedId, columns in the binding's order then the extensions. */
export function csvOutputs(rows: Readonly<Record<CsvFile, CsvRow[]>>, systemName: string): CsvOutput[] {
  const written = new Set(EXPORTED_FILES.filter((file) => rows[file].length > 0));
  const outputs: CsvOutput[] = [{ name: 'manifest', columns: ['propertyName', 'value'], rows: manifestRows(systemName, written).slice(1) }];
  for (const file of EXPORTED_FILES.filter((candidate) => written.has(candidate))) {
    const extensions = [
      ...new Set(rows[file].flatMap((row) => Object.keys(row).filter((column) => isExtensionColumn(column) && row[column] !== ''))),
    ];
    const columns = columnsOf(file, extensions);
    const sorted = [...rows[file]].sort((a, b) => (a.sourcedId! < b.sourcedId! ? -1 : a.sourcedId! > b.sourcedId! ? 1 : 0));
    outputs.push({
      name: file,
      columns,
      rows: sorted.map((row) => columns.map((column) => (column === 'status' ? '' : (row[column] ?? '')))),
    });
  }
  return outputs;
}

export async function exportOneRoster(
  services: Services,
  store: OneRosterStore,
  path: string,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const started = Date.now();
  const layer = new OneRosterRows(services.records, services.transactions);
  const [{ records, sourcedIds }, ...kept] = await Promise.all([
    store.snapshot(VIEW_ENTITIES),
    ...CSV_FILES.map((file) => layer.readFile(file)),
  ]);
  const rows: Partial<Record<CsvFile, StoredRow[]>> = Object.fromEntries(
    CSV_FILES.map((file, index) => [file, [...kept[index]!.values()]]),
  );
  const view = buildView(
    {
      rows,
      records,
      legacySourcedIds: sourcedIds,
      districtName: options.districtName,
      complete: new Set(VIEW_ENTITIES),
    },
    EXPORTED_FILES,
  );
  const live = Object.fromEntries(
    EXPORTED_FILES.map((file) => [file, view[file].filter((entry) => entry.status === 'active').map((entry) => entry.row)]),
  ) as Record<CsvFile, CsvRow[]>;
  const outputs = csvOutputs(live, 'district-sis');
  await writeCsvSet(path, outputs);
  const files = Object.fromEntries(EXPORTED_FILES.filter((file) => live[file].length > 0).map((file) => [file, live[file].length]));
  const total = Object.values(files).reduce((sum, count) => sum + count, 0);
  return { files, rows: total, seconds: (Date.now() - started) / 1000 };
}

export { SIS_COLUMN };
