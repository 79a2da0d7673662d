/**
 * A OneRoster CSV set on disk, as a folder or a zip: files are streamed row by row (a 500,000-row
 * users.csv is never read whole) and written with a header in the binding's column order.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** One record of a file (the header is line 1), its values in column order. */
export interface NumberedValues {
  readonly values: string[];
  readonly line: number;
}

export interface CsvSource {
  /** The names of the set's .csv files, without the extension, as they are spelled. */
  names(): string[];
  has(name: string): boolean;
  /** Bytes of the file, for the progress bar. */
  size(name: string): number;
  /** The records of a file, header first; `bytes` reports how far the parser has read, for the progress bar. */
  records(name: string, bytes?: (read: number) => void): AsyncGenerator<NumberedValues>;
  close(): void;
}

async function* numbered(stream: Readable, bytes?: (read: number) => void): AsyncGenerator<NumberedValues> {
  let read = 0;
  stream.on('data', (chunk: Buffer) => bytes?.((read += chunk.length)));
  const parser = stream.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { values: record.record, line: record.info.lines };
  }
}

/** A file's records as plain rows (manifest.csv). */
export async function plainRows(source: CsvSource, name: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const { values } of source.records(name)) rows.push(values);
  return rows;
}

function folderSource(dir: string): CsvSource {
  const path = (name: string) => join(dir, `${name}.csv`);
  const names = readdirSync(dir)
    .filter((entry) => entry.endsWith('.csv'))
    .map((entry) => entry.slice(0, -4));
  return {
    names: () => names,
    // Names are compared as spelled (the binding's file names are case-sensitive), whatever the file system does.
    has: (name) => names.includes(name),
    size: (name) => statSync(path(name)).size,
    records: (name, bytes) => numbered(createReadStream(path(name)), bytes),
    close: () => undefined,
  };
}

async function zipSource(file: string): Promise<CsvSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const base = entry.fileName.split('/').pop() ?? '';
      if (base.endsWith('.csv')) entries.set(base.slice(0, -4), entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  const open = (name: string) =>
    new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entries.get(name)!, (error, stream) => (error ? reject(error) : resolve(stream))),
    );
  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)!.uncompressedSize,
    records: async function* (name, bytes) {
      yield* numbered(await open(name), bytes);
    },
    close: () => zip.close(),
  };
}

/** Opens a folder of CSV files or a .zip of them. */
export async function openCsvSource(path: string): Promise<CsvSource> {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return statSync(path).isDirectory() ? folderSource(path) : zipSource(path);
}

/** A file to write: its header and rows (already in the order they are to appear). */
export interface CsvOutput {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const csvText = (output: CsvOutput) => stringify([[...output.columns], ...output.rows.map((row) => [...row])], { record_delimiter: '\n' });

/** Writes the files to a folder, or to a zip when the path ends in .zip. */
export async function writeCsvSet(path: string, outputs: readonly CsvOutput[]): Promise<void> {
  if (!path.endsWith('.zip')) {
    mkdirSync(path, { recursive: true });
    for (const output of outputs) writeFileSync(join(path, `${output.name}.csv`), csvText(output));
    return;
  }
  const zip = new yazl.ZipFile();
  // A fixed modification time keeps two exports of the same data byte-identical.
  for (const output of outputs)
    zip.addBuffer(Buffer.from(csvText(output)), `${output.name}.csv`, { mtime: new Date(Date.UTC(2000, 0, 1)) });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    zip.outputStream
      .pipe(out)
      .on('close', () => resolve())
      .on('error', reject);
  });
}
