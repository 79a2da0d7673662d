/**
 * `npm run seed`: a synthetic district for a new installation, generated as a OneRoster CSV set
 * (kept in the data folder's seed-oneroster/) and loaded through the importer, then the SIS-only
 * records OneRoster has no file for (bell schedules). Meant for an empty table: each run adds a district.
 */
import { join } from 'node:path';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { bellScheduleType } from '../../domain/records/record-types';
import { findLocalSystem } from '../local/local-system';
import { openCsvSource, writeCsvSet } from './oneroster-archive';
import { importOneRoster } from './oneroster-importer';
import { describeImport } from './oneroster-report';
import { toolTable } from './oneroster-local';
import { generateDistrict } from './oneroster-seed';
import { upsert } from './oneroster-writes';
import { seedAttendanceDays, writeSeedAttendance } from './seed-attendance';
import { fakerNames } from './seed-names';
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'seed',
  summary:
    'Loads a synthetic district into the running local system: schools, staff, students with guardians, courses, sections and ' +
    'schedules (as a OneRoster CSV set, through the importer), bell schedules, grades and three weeks of attendance. ' +
    'Each run adds a district, so run it once on a new data folder.',
  options: {
    // 300 students load in about 5 minutes on a 2-core machine (docs/performance.md); 5,000 take about an hour.
    students: {
      type: 'string',
      default: '300',
      value: 'n',
      description: 'How many students (300 take about 5 minutes, 5000 about an hour).',
    },
    seed: { type: 'string', default: '2026', value: 'n', description: 'The random seed: the same seed makes the same district.' },
    out: { type: 'string', value: 'folder', description: "Where the CSV set is written. Default: the data folder's seed-oneroster/." },
    table: {
      type: 'string',
      value: 'name',
      description: 'A table in AWS instead of the local system (credentials and region from the environment).',
    },
  },
  examples: ['npm run seed -- --students 20', 'npm run seed'],
});

async function main(): Promise<void> {
  const { values } = cli.parse();
  const students = Number(values.students);
  if (!Number.isInteger(students) || students < 1) return cli.fail(`--students ${values.students} is not a whole number of students`);
  if (!Number.isInteger(Number(values.seed))) return cli.fail(`--seed ${values.seed} is not a whole number`);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const lookup = findLocalSystem();
  const local = values.table ? undefined : lookup.system;
  const out = values.out ?? join(lookup.dataDir, 'seed-oneroster');
  const { services, tableName } = toolTable(values.table);
  const district = generateDistrict({ students, names: fakerNames(Number(values.seed)) });
  await writeCsvSet(out, district.outputs);
  const counts = Object.entries(district.counts)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ');
  process.stdout.write(`Generated ${counts} as a OneRoster CSV set in ${out}\nLoading it into table "${tableName}"…\n`);
  const source = await openCsvSource(out);
  try {
    const summary = await importOneRoster(services, source, {
      reportPath: join(out, '..', 'seed-bad-rows.csv'),
      progress: true,
      keepOmitted: true,
    });
    process.stdout.write(describeImport(summary));
  } finally {
    source.close();
  }
  for (const schedule of district.sisOnly.bellSchedules) {
    const bellScheduleId = sisIdFor('org', `${schedule.schoolId}.bell-schedule.regular`);
    await upsert(services, bellScheduleType, { schoolId: schedule.schoolId, bellScheduleId }, schedule.data);
  }
  const days = seedAttendanceDays();
  process.stdout.write(`Added a regular-day bell schedule to each school.\nTaking attendance for ${days[0]} to ${days.at(-1)}…\n`);
  const taken = await writeSeedAttendance(services, district.sisOnly.sections, days);
  process.stdout.write(
    `Took ${taken} section-days of attendance.\n\nTry it:\n` +
      `  export TOKEN=$(npm run -s token -- --role district_admin)\n` +
      `  curl -H "Authorization: Bearer $TOKEN" ${(local?.apiUrl ?? 'http://localhost:3000').replace('127.0.0.1', 'localhost')}/v1/schools\n` +
      `  npm run oneroster:export -- district.zip\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
