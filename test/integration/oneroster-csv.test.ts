import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { assignmentType, guardianLinkType, rosterEntryType, scoreType, sectionType, studentType } from '../../domain/records/record-types';
import { OneRosterRows } from '../../functions/repositories/oneroster-rows';
import { readCollection, readOne } from '../../functions/use-cases/oneroster/read';
import { REPO_ROOT } from '../../infra/repo-root';
import { openCsvSource } from '../../infra/ops/oneroster-archive';
import { exportOneRoster } from '../../infra/ops/oneroster-exporter';
import { importOneRoster } from '../../infra/ops/oneroster-importer';
import { toolTableOver, type ToolTable } from '../../infra/ops/oneroster-local';
import { createTestTable, type TestTable } from '../support/dynamo';
import { FIXTURE, writeSet } from './oneroster-fixture';

/** The public sample sets, beside the checkout (never copied into it). */
const SAMPLES = resolve(REPO_ROOT, '..', 'shared', 'oneroster-samples');

/** A file of a set as rows by sourcedId. */
const rowsOf = (folder: string, file: string): Map<string, Record<string, string>> =>
  new Map(
    (parse(readFileSync(join(folder, `${file}.csv`)), { columns: true, bom: true }) as Record<string, string>[]).map((row) => [
      row.sourcedId!,
      row,
    ]),
  );

/** OneRoster CSV import and export against DynamoDB Local: the binding's rules, every row accounted for, the district's values back out. */
describe('OneRoster CSV import and export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-test-'));
  const tables: TestTable[] = [];
  const fresh = async (label: string): Promise<ToolTable> => {
    const table = await createTestTable(label);
    tables.push(table);
    return toolTableOver(table.client, table.tableName);
  };
  const load = async (target: ToolTable, path: string, name = `report-${Math.random().toString(36).slice(2)}`) => {
    const source = await openCsvSource(path);
    try {
      return await importOneRoster(target.services, source, { reportPath: join(dir, `${name}.csv`) });
    } finally {
      source.close();
    }
  };
  const report = (summary: { reportPath: string; qualityPath: string }) => ({
    refused: readFileSync(summary.reportPath, 'utf8'),
    quality: readFileSync(summary.qualityPath, 'utf8'),
  });
  const accountedFor = (summary: Awaited<ReturnType<typeof load>>) => {
    for (const [file, counts] of Object.entries(summary.files)) {
      expect([file, counts.created + counts.updated + counts.unchanged + counts.deleted + counts.refused]).toEqual([file, counts.rows]);
    }
  };
  afterAll(async () => {
    await Promise.all(tables.map((table) => table.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const setPath = writeSet(join(dir, 'lincoln'), FIXTURE);
  let district: ToolTable;
  let first: Awaited<ReturnType<typeof load>>;

  beforeAll(async () => {
    district = await fresh('oneroster-lincoln');
    first = await load(district, setPath, 'lincoln');
  }, 120_000);

  it('keeps every row the binding allows; what the SIS holds differently is a data-quality note, not a refusal', async () => {
    accountedFor(first);
    expect(first.refused).toBe(0);
    const notes = parse(report(first).quality, { columns: true }) as Record<string, string>[];
    for (const [file, sourcedId, column, issue] of [
      ['orgs.csv', 'sch', 'identifier', '"Lincoln High" is not a SIS school code'],
      ['courses.csv', 'eng1', 'courseCode', '"ENG 1" is not a SIS course code'],
      ['classes.csv', 'eng1-a', 'classCode', '"English I" is not a SIS section number'],
      ['classes.csv', 'eng1-a', 'termSourcedIds', 'names 2 terms'],
      ['classes.csv', 'eng1-a', 'periods', 'is blank: the SIS schedules a section by period'],
      ['users.csv', 't1', 'phone', '"6032221111" is not an E.164 number'],
      ['users.csv', 's2', 'demographics.birthDate', 'gives an age outside 2 to 22 years: kept as given'],
      ['enrollments.csv', 'e-s2', 'userSourcedId', 'the SIS enrolls a student with at least one guardian'],
      ['results.csv', 'res-2', 'studentSourcedId', "names a student who is not on the section's roster"],
    ]) {
      expect(notes).toContainEqual(expect.objectContaining({ file, sourcedId, column, issue: expect.stringContaining(issue!) }));
    }
    // The SIS made what it could: the section with its one teacher (both semesters' rows), the student placed, the family linked, the score posted.
    const { services } = district;
    const section = await services.records.get(sectionType, { sectionId: sisIdFor('class', 'eng1-a') });
    expect(section?.data).toMatchObject({
      sectionNumber: 'English-I',
      termCode: 'fall',
      teachers: [{ staffId: sisIdFor('user', 't1'), role: 'primary' }],
    });
    const s1 = sisIdFor('user', 's1');
    expect((await services.records.get(rosterEntryType, { sectionId: section!.id, studentId: s1 }))?.deletedAt).toBeUndefined();
    expect((await services.records.get(guardianLinkType, { studentId: s1, guardianId: sisIdFor('user', 'g1') }))?.data.relationship).toBe(
      'parent',
    );
    expect((await services.records.get(studentType, { studentId: sisIdFor('user', 's2') }))?.data.birthDate).toBe('2000-01-01');
    const assignmentId = sisIdFor('lineItem', 'li-1');
    expect((await services.records.get(assignmentType, { sectionId: section!.id, assignmentId }))?.data.title).toBe('Essay');
    expect((await services.records.get(scoreType, { sectionId: section!.id, assignmentId, studentId: s1 }))?.data.points).toBe(95);
    expect(JSON.stringify(await new OneRosterRows(services.records, services.transactions).readFile('userProfiles'))).not.toContain(
      's3cret!',
    );
  });

  it('writes nothing for a set that has not changed', async () => {
    const rows = new OneRosterRows(district.services.records, district.services.transactions);
    const before = await rows.readFile('users');
    const again = await load(district, setPath);
    accountedFor(again);
    for (const [file, counts] of Object.entries(again.files)) expect([file, counts.unchanged]).toEqual([file, counts.rows]);
    expect([...(await rows.readFile('users')).values()].map((row) => row.version)).toEqual([...before.values()].map((row) => row.version));
  }, 60_000);

  it('exports what came in, value for value; export, import into an empty table, export again: identical files', async () => {
    const out = join(dir, 'export-a');
    await exportOneRoster(district.services, district.store, out);
    for (const [file, rows] of Object.entries(FIXTURE)) {
      const exported = rowsOf(out, file);
      for (const row of rows) {
        const back = exported.get(row.sourcedId!);
        // Passwords are never kept (decision 0092); everything else comes back as given.
        for (const [column, value] of Object.entries(row))
          if (column !== 'password') expect([file, row.sourcedId, column, back?.[column]]).toEqual([file, row.sourcedId, column, value]);
      }
    }
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8')).toContain('file.resources,absent');
    const second = await fresh('oneroster-second');
    accountedFor(await load(second, out));
    const outB = join(dir, 'export-b');
    await exportOneRoster(second.services, second.store, outB);
    const files = (folder: string) =>
      Object.fromEntries(
        readdirSync(folder)
          .sort()
          .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
      );
    expect(files(outB)).toEqual(files(out));
  }, 120_000);

  it("a delta's deleted user is served as tobedeleted with its enrollments, by id, by status and in a delta by dateLastModified", async () => {
    const since = new Date().toISOString();
    const delta = writeSet(
      join(dir, 'delta'),
      { users: [{ ...FIXTURE.users![2]!, status: 'tobedeleted', dateLastModified: '2026-12-01T00:00:00Z' }] },
      { users: 'delta' },
    );
    const summary = await load(district, delta);
    expect(summary.files.users).toMatchObject({ rows: 1, deleted: 1 });
    expect(summary.files.enrollments?.removed).toBe(1);
    const { services } = district;
    expect(await readOne(services, 'user', 'user', 's2', 'sourcedId,status')).toEqual({ sourcedId: 's2', status: 'tobedeleted' });
    const deleted = await readCollection(services, 'users', 'user', {}, { filter: "status='tobedeleted'", fields: 'sourcedId' });
    expect(deleted.items).toEqual([{ sourcedId: 's2' }]);
    const changed = await readCollection(
      services,
      'enrollments',
      'enrollment',
      {},
      { filter: `dateLastModified>'${since}'`, fields: 'sourcedId,status' },
    );
    expect(changed.items).toEqual([{ sourcedId: 'e-s2', status: 'tobedeleted' }]);
    const users = await readCollection(
      services,
      'users',
      'user',
      {},
      { filter: `dateLastModified>'${since}'`, fields: 'sourcedId,status,enabledUser' },
    );
    expect(users.items).toEqual([{ sourcedId: 's2', status: 'tobedeleted', enabledUser: 'false' }]);
  }, 60_000);

  it('refuses a set up front, writing nothing, when no row of a file can be read', async () => {
    const target = await fresh('oneroster-refused');
    const version = await load(target, writeSet(join(dir, 'v10'), { orgs: FIXTURE.orgs }, {}, { 'oneroster.version': '1.0' }));
    expect(version.refusedSet).toBe('manifest.csv: oneroster.version "1.0" is not a OneRoster version this system reads (1.1 or 1.2)');
    const broken = writeSet(join(dir, 'no-given-name'), FIXTURE);
    writeFileSync(join(broken, 'users.csv'), 'sourcedId,status,dateLastModified,enabledUser,username,familyName\nu9,,,true,u9,Nine\n');
    const missing = await load(target, broken);
    expect(missing.refusedSet).toBe('users.csv: givenName is required in users.csv and missing from the header; the file cannot be read');
    expect((await new OneRosterRows(target.services.records, target.services.transactions).readFile('orgs')).size).toBe(0);
  });

  describe('the public sample sets', () => {
    const sample = (name: string) => join(SAMPLES, name);

    it('catalyst 1.2 delta: imports what the binding allows; refuses the user whose enabledUser is TRUE, and what names it', async () => {
      const summary = await load(await fresh('catalyst-delta'), sample('catalyst-moodle-v1p2-delta'));
      accountedFor(summary);
      expect(summary.refused).toBe(5);
      const { refused } = report(summary);
      expect(refused).toContain('users.csv,2,enabledUser,must be true or false; values are case-sensitive');
      expect(refused).toContain('enrollments.csv,2,userSourcedId,"names the user of users.csv line 2, which is refused"');
      expect(summary.files).toMatchObject({
        orgs: { created: 1 },
        academicSessions: { created: 1 },
        courses: { created: 1 },
        classes: { created: 1 },
      });
    }, 60_000);

    it("catalyst 1.2 full: says what is wrong with its headers, dates and case, in the binding's words", async () => {
      const summary = await load(await fresh('catalyst-full'), sample('catalyst-moodle-v1p2-full'));
      accountedFor(summary);
      const { refused } = report(summary);
      expect(refused).toContain('users.csv,1,prefferedGivenName,is not a column of users.csv in OneRoster 1.2');
      expect(refused).toContain('users.csv,2,dateLastModified,"must be a DateTime in ISO 8601');
      expect(refused).toContain('classes.csv,2,classType,"must be one of homeroom, scheduled');
      expect(refused).toContain(
        'userprofiles.csv,0,file,is not a file of the binding: file names are case-sensitive (userProfiles.csv); it is not read',
      );
      expect(summary.files.orgs).toMatchObject({ rows: 1, created: 1 });
    }, 60_000);

    it('Ed-Fi 1.1: converted to 1.2; the district reads its own sourcedIds back over REST and in the export', async () => {
      const target = await fresh('edfi');
      const summary = await load(target, sample('edfi-lms-toolkit-or11'));
      accountedFor(summary);
      expect([summary.version, summary.refused, summary.rows]).toEqual(['1.1', 0, 61]);
      expect(await readOne(target.services, 'user', 'user', '604938', 'sourcedId,givenName,userIds')).toEqual({
        sourcedId: '604938',
        givenName: 'Roland',
        userIds: [{ type: 'Local', identifier: '938' }],
      });
      const out = join(dir, 'edfi-export');
      await exportOneRoster(target.services, target.store, out);
      for (const file of ['orgs', 'academicSessions', 'courses', 'classes', 'enrollments', 'demographics']) {
        const given = rowsOf(sample('edfi-lms-toolkit-or11'), file);
        const back = rowsOf(out, file);
        for (const [sourcedId, row] of given) {
          for (const [column, value] of Object.entries(row))
            if (!column.startsWith('metadata.'))
              expect([file, sourcedId, column, back.get(sourcedId)?.[column]]).toEqual([file, sourcedId, column, value]);
        }
      }
    }, 120_000);

    it('OAT 1.1 (1.0 column names, header-only files): imports the one row the binding allows; each other row refused for its own fault', async () => {
      const target = await fresh('oat');
      const summary = await load(target, sample('oat-sa-v1p1-base'));
      accountedFor(summary);
      expect(summary.refusedSet).toBeUndefined();
      expect(summary.notes).toContain('courses.csv has no data rows (the binding permits no file without them): read as absent');
      expect(summary.files.orgs).toMatchObject({ rows: 2, created: 1, refused: 1 });
      const { refused } = report(summary);
      expect(refused).toContain('academicSessions.csv,1,schoolYear,is required in academicSessions.csv and missing from the header\n');
      expect(refused).toContain('orgs.csv,2,dateLastModified,"must be a DateTime in ISO 8601');
      expect(refused).toContain('classes.csv,2,courseSourcedId,is required');
      expect(await readOne(target.services, 'org', 'org', '54321', 'sourcedId,name,identifier')).toEqual({
        sourcedId: '54321',
        name: 'School 2',
        identifier: 'my identifier 2',
      });
    });
  });
});
