import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assignmentType,
  gradebookSettingsType,
  guardianLinkType,
  rosterEntryType,
  scoreType,
  sectionType,
  studentType,
} from '../../domain/records/record-types';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { openCsvSource, writeCsvSet } from '../../infra/ops/oneroster-archive';
import { exportOneRoster } from '../../infra/ops/oneroster-exporter';
import { importOneRoster } from '../../infra/ops/oneroster-importer';
import { toolTableOver, type ToolTable } from '../../infra/ops/oneroster-local';
import { generateDistrict } from '../../infra/ops/oneroster-seed';
import { IMPORTER } from '../../infra/ops/oneroster-writes';
import { seedAttendanceDays, writeSeedAttendance } from '../../infra/ops/seed-attendance';
import { sectionAttendance } from '../../functions/use-cases/attendance/read-attendance';
import { createTestTable, type TestTable } from '../support/dynamo';
import { fixedNames } from '../support/seed-names';

/** OneRoster CSV import and export against DynamoDB Local, on a small generated district. */
describe('OneRoster CSV import and export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-test-'));
  const tables: TestTable[] = [];
  const fresh = async (label: string): Promise<ToolTable> => {
    const table = await createTestTable(label);
    tables.push(table);
    return toolTableOver(table.client, table.tableName);
  };
  const load = async (target: ToolTable, path: string, report = join(dir, `report-${Math.random()}.csv`)) => {
    const source = await openCsvSource(path);
    try {
      return await importOneRoster(target.services, target.store, source, { reportPath: report, concurrency: 8 });
    } finally {
      source.close();
    }
  };
  const files = (folder: string) =>
    Object.fromEntries(
      readdirSync(folder)
        .sort()
        .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
    );

  afterAll(async () => {
    await Promise.all(tables.map((table) => table.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const seeded = generateDistrict({ students: 12, names: fixedNames(7) });
  const seedPath = join(dir, 'seed');
  let first: ToolTable;

  beforeAll(async () => {
    await writeCsvSet(seedPath, seeded.outputs);
    first = await fresh('oneroster-first');
    const summary = await load(first, seedPath);
    expect(summary.badRows).toBe(0);
  }, 120_000);

  it('creates every student, guardian link and section teacher of the set', async () => {
    const users = seeded.outputs.find((output) => output.name === 'users')!;
    const studentRow = users.rows.find((row) => row[9]!.startsWith('S'))!; // identifier column
    const student = await first.services.records.get(studentType, { studentId: studentRow[0]! });
    expect(student?.data.districtStudentId).toBe(studentRow[9]);
    const agents = studentRow[13]!.split(',');
    const link = await first.services.records.get(guardianLinkType, { studentId: studentRow[0]!, guardianId: agents[0]! });
    expect(link?.data.relationship).toBe('mother');
    const classRow = seeded.outputs.find((output) => output.name === 'classes')!.rows[0]!;
    const section = await first.services.records.get(sectionType, { sectionId: classRow[0]! });
    expect((section?.data.teachers as unknown[]).length).toBe(1);
  });

  it("places each student row's student in its class, enrolled in the class's school through the enrollment use case", async () => {
    const enrollments = seeded.outputs.find((output) => output.name === 'enrollments')!;
    const studentRows = enrollments.rows.filter((row) => row[6] === 'student'); // role column
    expect(studentRows.length).toBeGreaterThan(12);
    const [, , , classSourcedId, schoolSourcedId, userSourcedId] = studentRows[0]!;
    const entry = await first.services.records.get(rosterEntryType, { sectionId: classSourcedId!, studentId: userSourcedId! });
    expect(entry?.deletedAt).toBeUndefined();
    const enrollment = await first.services.enrollments.activeEnrollment(userSourcedId!, '2026-2027');
    expect(enrollment?.schoolId).toBe(schoolSourcedId);
  });

  it("gives each class its gradebook: categories as settings, line items as assignments, results as the roster's scores", async () => {
    const lineItem = seeded.outputs.find((output) => output.name === 'lineItems')!.rows[0]!;
    const [assignmentId, , , title, , , , sectionId] = lineItem;
    const settings = await first.services.records.get(gradebookSettingsType, { sectionId: sectionId! });
    expect(settings?.data).toMatchObject({
      mode: 'weighted',
      categories: [
        { id: 'homework', weight: 40 },
        { id: 'tests', weight: 60 },
      ],
    });
    const assignment = await first.services.records.get(assignmentType, { sectionId: sectionId!, assignmentId: assignmentId! });
    expect(assignment?.data).toMatchObject({ title, maxPoints: 100, published: true });
    const result = seeded.outputs.find((output) => output.name === 'results')!.rows.find((row) => row[3] === assignmentId)!;
    const score = await first.services.records.get(scoreType, {
      sectionId: sectionId!,
      assignmentId: assignmentId!,
      studentId: result[4]!,
    });
    expect(score?.data.points ?? score?.data.status).toBe(result[6] ? Number(result[6]) : 'missing');
  });

  it("takes the seed's attendance through the attendance use case for the placed students", async () => {
    const section = seeded.sisOnly.sections.find((candidate) => candidate.roster.length > 0)!;
    const [day] = seedAttendanceDays();
    expect(await writeSeedAttendance(first.services, [section], [day!])).toBe(1);
    const taken = await sectionAttendance(first.services, section.sectionId, day!, IMPORTER);
    expect(taken).toMatchObject({ taken: true, unmarked: [] });
    expect(taken.marks.map((mark) => mark.studentId).sort()).toEqual([...section.roster].sort());
  });

  it('changes nothing when the same set is imported again (no duplicates, no new versions)', async () => {
    const again = await load(first, seedPath);
    expect(again.badRows).toBe(0);
    for (const summary of Object.values(again.files)) {
      expect(summary.created).toBe(0);
      expect(summary.updated).toBe(0);
    }
    expect(again.files.users!.unchanged).toBe(again.files.users!.rows);
  }, 120_000);

  it('exports, imports into an empty table and exports again: identical files', async () => {
    const exportA = join(dir, 'export-a');
    const exportB = join(dir, 'export-b');
    await exportOneRoster(first.store, exportA);
    const second = await fresh('oneroster-second');
    const summary = await load(second, exportA);
    expect(summary.badRows).toBe(0);
    await exportOneRoster(second.store, exportB);
    expect(files(exportB)).toEqual(files(exportA));
    // The seed was made with the exporter's own mapping: the export gives back the seed's data files.
    const seedFiles = files(seedPath);
    const exported = files(exportA);
    for (const name of [
      'users.csv',
      'roles.csv',
      'userProfiles.csv',
      'classes.csv',
      'courses.csv',
      'academicSessions.csv',
      'enrollments.csv',
      'demographics.csv',
      'categories.csv',
      'lineItems.csv',
      'results.csv',
    ]) {
      expect(exported[name]).toEqual(seedFiles[name]);
    }
  }, 180_000);

  it('reports bad rows by file, line, field and reason, imports the good ones, and keeps foreign sourcedIds', async () => {
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    const csv = (name: string, lines: string[]) => writeFileSync(join(foreign, `${name}.csv`), `${lines.join('\n')}\n`);
    csv('manifest', [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.2',
      'file.orgs,bulk',
      'file.users,bulk',
      'file.roles,bulk',
      'file.demographics,bulk',
      'file.enrollments,bulk',
      'file.results,bulk',
      'file.userProfiles,bulk',
    ]);
    csv('userProfiles', [
      'sourcedId,status,dateLastModified,userSourcedId,profileType,vendorId,applicationId,description,credentialType,username,password',
      'prof-1,,,stu-1,lms,vendor-x,canvas,Learning platform,password,ana.lopez,s3cret!',
    ]);
    csv('enrollments', [
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
      'e1,,,cls-404,sch-1,stu-1,student,false,,',
    ]);
    csv('results', [
      'sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment,classSourcedId',
      'res-1,,,li-404,stu-1,fully graded,9,,,',
    ]);
    csv('orgs', [
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
      'dist-1,,,Springfield District,district,,',
      'sch-1,,,Springfield High,school,SPR-HS,dist-1',
      'sch-2,,,No Type School,campus,SPR-X,dist-1',
    ]);
    csv('roles', [
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
      'r1,,,stu-1,primary,student,,,sch-1,',
      'r2,,,stu-2,primary,student,,,sch-1,',
      'r3,,,tea-1,primary,teacher,,,sch-1,',
    ]);
    csv('demographics', ['sourcedId,status,dateLastModified,birthDate,sex', 'stu-1,,,2010-03-04,female', 'stu-2,,,2010-13-40,female']);
    csv('users', [
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
      'stu-1,,,true,,,Ana,Lopez,,S-1001,,,,,10,,,,,,,sch-1,',
      'stu-2,,,true,,,Ben,Ng,,S-1002,,,,,10,,,,,,,sch-1,',
      'tea-1,,,true,,,Carla,Diaz,,E-77,not-an-email,,,,,,,,,,,sch-1,',
      'stu-3,,,maybe,,,,Ray,,S-1003,,,,,10,,,,,,,sch-1,',
    ]);
    const target = await fresh('oneroster-foreign');
    const reportPath = join(dir, 'foreign-report.csv');
    const summary = await load(target, foreign, reportPath);

    const report = readFileSync(reportPath, 'utf8');
    expect(report).toContain('orgs.csv,4,type,');
    expect(report).toContain('demographics.csv,3,birthDate,');
    expect(report).toContain('users.csv,4,email,must be an email address');
    expect(report).toContain('users.csv,5,enabledUser,must be true or false');
    expect(report).toContain('users.csv,5,givenName,is required');
    expect(report).toContain('enrollments.csv,2,classSourcedId,names no class of classes.csv');
    expect(report).toContain('results.csv,2,lineItemSourcedId,names no line item of lineItems.csv');
    // orgs 4, demographics 3, users 3 (stu-2 has no demographics), 4, 5, the enrollment and the result
    expect(summary.badRows).toBe(7);
    const student = await target.services.records.get(studentType, { studentId: sisIdFor('user', 'stu-1') });
    expect(student?.data).toMatchObject({ districtStudentId: 'S-1001', gender: 'female', gradeLevel: '10' });
    // The application profile is kept, its password never (the summary says so).
    expect(student?.data.applicationProfiles).toEqual([
      {
        profileId: 'prof-1',
        profileType: 'lms',
        vendorId: 'vendor-x',
        applicationId: 'canvas',
        description: 'Learning platform',
        credentialType: 'password',
        username: 'ana.lopez',
      },
    ]);
    expect(JSON.stringify(student)).not.toContain('s3cret!');
    expect(summary.notes).toContain('userProfiles.csv: 1 passwords were not kept (the SIS keeps no credentials)');

    const out = join(dir, 'foreign-export');
    await exportOneRoster(target.store, out);
    const users = readFileSync(join(out, 'users.csv'), 'utf8');
    expect(users).toContain('\nstu-1,');
    expect(readFileSync(join(out, 'userProfiles.csv'), 'utf8')).toContain(
      '\nprof-1,,,stu-1,lms,vendor-x,canvas,Learning platform,password,ana.lopez,,',
    );

    // A delta file: one student renamed, the teacher-less school's other student deleted (soft, restorable).
    const delta = join(dir, 'delta');
    mkdirSync(delta);
    const deltaCsv = (name: string, lines: string[]) => writeFileSync(join(delta, `${name}.csv`), `${lines.join('\n')}\n`);
    deltaCsv('manifest', [
      'propertyName,value',
      'oneroster.version,1.2',
      'file.users,delta',
      'file.roles,delta',
      'file.demographics,delta',
    ]);
    deltaCsv('roles', [
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
      'r1,active,2026-09-01T00:00:00Z,stu-1,primary,student,,,sch-1,',
    ]);
    deltaCsv('demographics', ['sourcedId,status,dateLastModified,birthDate,sex', 'stu-1,active,2026-09-01T00:00:00Z,2010-03-04,female']);
    deltaCsv('users', [
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
      'stu-1,active,2026-09-01T00:00:00Z,true,,,Anabel,Lopez,,S-1001,,,,,11,,,,,,,sch-1,',
      'tea-1,tobedeleted,2026-09-01T00:00:00Z,true,,,Carla,Diaz,,E-77,,,,,,,,,,,,sch-1,',
      'stu-1b,,,true,,,No,Status,,S-1009,,,,,10,,,,,,,sch-1,',
    ]);
    const changed = await load(target, delta, join(dir, 'delta-report.csv'));
    expect(changed.files.users).toMatchObject({ updated: 1, bad: 1 });
    expect(readFileSync(join(dir, 'delta-report.csv'), 'utf8')).toContain(
      'users.csv,4,status,must be active or tobedeleted in a delta file',
    );
    const renamed = await target.services.records.get(studentType, { studentId: sisIdFor('user', 'stu-1') });
    expect(renamed).toMatchObject({ version: 2, data: { legalName: { first: 'Anabel', last: 'Lopez' }, gradeLevel: '11' } });
  }, 90_000);

  // Last: it changes the first table.
  it('deletes what a bulk file omits (a student dropped from a class, a line item), and refuses to empty a kind', async () => {
    const trimmed = join(dir, 'trimmed');
    mkdirSync(trimmed);
    for (const name of readdirSync(seedPath)) writeFileSync(join(trimmed, name), readFileSync(join(seedPath, name)));
    const edit = (name: string, keep: (line: string, index: number) => boolean) => {
      const lines = readFileSync(join(trimmed, `${name}.csv`), 'utf8').split('\n');
      writeFileSync(join(trimmed, `${name}.csv`), lines.filter((line, index) => index === 0 || keep(line, index)).join('\n'));
    };
    const enrollmentLines = readFileSync(join(seedPath, 'enrollments.csv'), 'utf8').split('\n');
    const dropped = enrollmentLines.find((line) => line.split(',')[6] === 'student')!.split(',');
    const [lineItemId, , , , , , , lineItemClass] = readFileSync(join(seedPath, 'lineItems.csv'), 'utf8').split('\n')[1]!.split(',');
    edit('enrollments', (line) => line !== dropped.join(','));
    edit('lineItems', (line) => !line.startsWith(`${lineItemId},`));
    edit('results', (line) => line.split(',')[3] !== lineItemId);

    const summary = await load(first, trimmed);
    expect(summary.badRows).toBe(0);
    expect(summary.files.enrollments!.deleted).toBe(1);
    expect(summary.files.lineItems!.deleted).toBe(1);
    const entry = await first.services.records.get(rosterEntryType, { sectionId: dropped[3]!, studentId: dropped[5]! });
    expect(entry?.deletedAt).toBeDefined();
    const assignment = await first.services.records.get(assignmentType, { sectionId: lineItemClass!, assignmentId: lineItemId! });
    expect(assignment?.deletedAt).toBeDefined();
    expect(summary.files.users!.deleted).toBe(0);

    // The same set again restores both (an import names them again), and a bulk file naming no
    // enrollment at all deletes nothing: more than a fifth of a kind needs --allow-mass-delete.
    const restored = await load(first, seedPath);
    expect(restored.files.lineItems!.updated).toBe(1);
    expect(
      (await first.services.records.get(rosterEntryType, { sectionId: dropped[3]!, studentId: dropped[5]! }))?.deletedAt,
    ).toBeUndefined();
    edit('enrollments', () => false);
    const refused = await load(first, trimmed);
    expect(refused.files.enrollments!.deleted).toBe(0);
    expect(refused.notes.join('\n')).toMatch(/enrollments\.csv \(bulk\) omits \d+ of \d+ live records .*none deleted/);
  }, 180_000);
});
