/**
 * `npm run seed`: a synthetic district for a new installation, generated as a OneRoster CSV set
 * (kept in .local/seed-oneroster/) and loaded through the importer, then the SIS-only records
 * OneRoster has no file for (bell schedules). Meant for an empty table: each run adds a district.
 *
 *   npm run seed -- [--students 300] [--seed 2026] [--out <folder>] [--table <name>]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { bellScheduleType } from '../../domain/records/record-types';
import { LOCAL_DATA_DIR } from '../local/paths';
import { openCsvSource, writeCsvSet } from './oneroster-archive';
import { importOneRoster } from './oneroster-importer';
import { describeImport } from './oneroster-report';
import { toolTable } from './oneroster-local';
import { generateDistrict } from './oneroster-seed';
import { upsert } from './oneroster-writes';
import { seedAttendanceDays, writeSeedAttendance } from './seed-attendance';
import { fakerNames } from './seed-names';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // 300 students load in about 4 minutes on a 2-core machine (docs/performance.md); 5,000 take about an hour.
      students: { type: 'string', default: '300' },
      seed: { type: 'string', default: '2026' },
      out: { type: 'string', default: join(LOCAL_DATA_DIR, 'seed-oneroster') },
      table: { type: 'string' },
    },
  });
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const { services, tableName } = toolTable(values.table);
  const district = generateDistrict({ students: Number(values.students), names: fakerNames(Number(values.seed)) });
  await writeCsvSet(values.out, district.outputs);
  const counts = Object.entries(district.counts)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ');
  process.stdout.write(`Generated ${counts} as a OneRoster CSV set in ${values.out}\nLoading it into table "${tableName}"…\n`);
  const source = await openCsvSource(values.out);
  try {
    const summary = await importOneRoster(services, source, {
      reportPath: join(values.out, '..', 'seed-bad-rows.csv'),
      progress: process.stdout.isTTY,
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
      `  curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/v1/schools   (the port npm start printed)\n` +
      `  npm run oneroster:export -- district.zip\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
