/**
 * A OneRoster CSV set on disk, as a folder or a zip: files are streamed row by row (a 500,000-row
 * users.csv is never read whole) and written with a header in the binding's column order.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** One data row, with its line number in the file (the header is line 1). */
export interface NumberedRow {
  readonly row: Record<string, string>;
  readonly line: number;
}

export interface CsvSource {
  has(name: string): boolean;
  /** Bytes of the file, for the progress bar. */
  size(name: string): number;
  /** The rows of a file; `bytes` reports how far the parser has read, for the progress bar. */
  rows(name: string, bytes?: (read: number) => void): AsyncGenerator<NumberedRow>;
  /** manifest.csv as plain rows. */
  plainRows(name: string): Promise<string[][]>;
  close(): void;
}

async function* numbered(stream: Readable, bytes?: (read: number) => void): AsyncGenerator<NumberedRow> {
  let read = 0;
  stream.on('data', (chunk: Buffer) => bytes?.((read += chunk.length)));
  const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { row: record.record, line: record.info.lines };
  }
}

async function plain(stream: Readable): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of stream.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true })))
    rows.push(record as string[]);
  return rows;
}

function folderSource(dir: string): CsvSource {
  const path = (name: string) => join(dir, `${name}.csv`);
  return {
    has: (name) => existsSync(path(name)),
    size: (name) => statSync(path(name)).size,
    rows: (name, bytes) => numbered(createReadStream(path(name)), bytes),
    plainRows: (name) => plain(createReadStream(path(name))),
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
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)!.uncompressedSize,
    rows: async function* (name, bytes) {
      yield* numbered(await open(name), bytes);
    },
    plainRows: async (name) => plain(await open(name)),
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
