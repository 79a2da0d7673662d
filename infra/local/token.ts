/**
 * Prints a signed ID token for the local API, as Cognito would issue it.
 *
 *   npm run -s token -- --role school_admin --school <schoolId> [--school <id>] [--staff-id <id>]
 *   npm run -s token -- --role parent --guardian-id <guardianId>
 */
import { parseArgs } from 'node:util';
import { ROLES, isRole } from '../../domain/principal';
import { LocalAuth } from './local-auth';
import { LOCAL_PATHS } from './paths';

const usage = `usage: npm run -s token -- --role <${ROLES.join('|')}> [--school <schoolId>]... [--staff-id <id>] [--guardian-id <id>] [--sub <id>] [--email <address>] [--hours <n>]`;

function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      school: { type: 'string', multiple: true },
      'staff-id': { type: 'string' },
      'guardian-id': { type: 'string' },
      sub: { type: 'string' },
      email: { type: 'string' },
      hours: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (!values.role || !isRole(values.role)) {
    process.stderr.write(`${values.role ? `unknown role "${values.role}"\n` : 'missing --role\n'}${usage}\n`);
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
    staffId: values['staff-id'],
    guardianId: values['guardian-id'],
    sub: values.sub,
    email: values.email,
    expiresInSeconds: Math.round(hours * 3600),
  });
  process.stdout.write(`${token}\n`);
}

main();
