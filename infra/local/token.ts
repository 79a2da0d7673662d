/**
 * Prints a signed ID token for the local API, as Cognito would issue it.
 *
 *   npm run -s token -- --role school_admin --school <schoolId> [--school <id>] [--staff-id <id>]
 *   npm run -s token -- --role school_admin --regions <regionId>,<regionId> [--staff-id <id>]   (every school of those regions)
 *   npm run -s token -- --role parent --guardian-id <guardianId>
 *   npm run -s token -- --client lms --scope roster-core.readonly [--scope gradebook.readonly]   (OneRoster client credentials)
 */
import { parseArgs } from 'node:util';
import { ONEROSTER_SCOPE_NAMES, oneRosterScope, type OneRosterScopeName } from '../../domain/oneroster/rest-routes';
import { ROLES, isRole } from '../../domain/principal';
import { REGION_ID_PATTERN } from '../../domain/principal';
import { LocalAuth } from './local-auth';
import { LOCAL_PATHS } from './paths';

const usage = `usage: npm run -s token -- --client <clientId> --scope <${ONEROSTER_SCOPE_NAMES.join('|')}>... [--hours <n>]\n       npm run -s token -- --role <${ROLES.join('|')}> [--school <schoolId>]... [--regions <regionId>,...] [--staff-id <id>] [--guardian-id <id>] [--sub <id>] [--email <address>] [--hours <n>]`;

function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      school: { type: 'string', multiple: true },
      regions: { type: 'string', multiple: true },
      'staff-id': { type: 'string' },
      'guardian-id': { type: 'string' },
      sub: { type: 'string' },
      email: { type: 'string' },
      hours: { type: 'string' },
      client: { type: 'string' },
      scope: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.client !== undefined) {
    const names = (values.scope ?? []).flatMap((scope) => scope.split(',')).filter(Boolean);
    const unknown = names.filter((name) => !(ONEROSTER_SCOPE_NAMES as readonly string[]).includes(name));
    if (names.length === 0 || unknown.length > 0) {
      process.stderr.write(
        `${unknown.length ? `unknown scope "${unknown[0]}"\n` : 'missing --scope\n'}scopes: ${ONEROSTER_SCOPE_NAMES.join(', ')}\n`,
      );
      process.exitCode = 2;
      return;
    }
    const token = LocalAuth.persistent(LOCAL_PATHS.signingKey).issueClientCredentials({
      clientId: values.client,
      scopes: names.map((name) => oneRosterScope(name as OneRosterScopeName)),
      expiresInSeconds: Math.round((values.hours ? Number(values.hours) : 1) * 3600),
    });
    process.stdout.write(`${token}\n`);
    return;
  }
  if (!values.role || !isRole(values.role)) {
    process.stderr.write(`${values.role ? `unknown role "${values.role}"\n` : 'missing --role\n'}${usage}\n`);
    process.exitCode = 2;
    return;
  }
  const regionIds = (values.regions ?? []).flatMap((region) => region.split(',')).filter(Boolean);
  const badRegion = regionIds.find((region) => !REGION_ID_PATTERN.test(region));
  if (badRegion !== undefined) {
    process.stderr.write(`region "${badRegion}" is not a region id (1 to 40 letters, digits, dashes or underscores)\n`);
    process.exitCode = 2;
    return;
  }
  if (values.role === 'parent' && !values['guardian-id']) {
    process.stderr.write('warning: a parent token without --guardian-id can see no student\n');
  }
  const hours = values.hours ? Number(values.hours) : 12;
  const token = LocalAuth.persistent(LOCAL_PATHS.signingKey).issue({
    role: values.role,
    schoolIds: (values.school ?? []).flatMap((school) => school.split(',')).filter(Boolean),
    regionIds,
    staffId: values['staff-id'],
    guardianId: values['guardian-id'],
    sub: values.sub,
    email: values.email,
    expiresInSeconds: Math.round(hours * 3600),
  });
  process.stdout.write(`${token}\n`);
}

main();
