/**
 * `npm run -s token`: prints a signed ID token for the local API, as Cognito would issue it, signed
 * with the key of the running local system (local-system.ts), so that the API accepts it.
 */
import { existsSync } from 'node:fs';
import { ONEROSTER_SCOPE_NAMES, oneRosterScope, type OneRosterScopeName } from '../../domain/oneroster/rest-routes';
import { REGION_ID_PATTERN, ROLES, isRole } from '../../domain/principal';
import { defineTool } from '../ops/tool-cli';
import { DEFAULT_ONEROSTER_VENDORS } from '../stacks/oneroster-vendors';
import { LocalAuth } from './local-auth';
import { localVendors, vendorToken } from './local-vendors';
import { describeSystem, findLocalSystem } from './local-system';
import { localPaths } from './paths';

const cli = defineTool({
  script: 'token',
  summary:
    'Prints a signed ID token for the local API, as Cognito would issue it, for any role; or, with --oneroster, the access ' +
    "token a OneRoster vendor's client gets by the client-credentials grant, with exactly the vendor's scopes (--client " +
    'names any client and scopes). It signs with the key of the running local system, so the API accepts it.',
  usage: [
    `--role <${ROLES.join('|')}> [--school <schoolId>]... [--regions <regionId>,...] [--staff-id <id>] [--guardian-id <id>] [--hours <n>]`,
    `--oneroster <vendor> [--hours <n>]`,
    `--client <clientId> --scope <${ONEROSTER_SCOPE_NAMES.join('|')}>... [--hours <n>]`,
  ],
  options: {
    role: { type: 'string', value: 'role', description: `The Cognito group: ${ROLES.join(', ')}.` },
    school: {
      type: 'string',
      multiple: true,
      value: 'schoolId',
      description: 'A school a staff member serves (repeat, or separate with commas).',
    },
    regions: {
      type: 'string',
      multiple: true,
      value: 'regionId,...',
      description: 'Regions a staff member serves: every school of those regions.',
    },
    'staff-id': { type: 'string', value: 'id', description: "The staff member's record id (custom:staffId)." },
    'guardian-id': { type: 'string', value: 'id', description: "A parent's guardian record id (custom:guardianId); a parent needs one." },
    sub: { type: 'string', value: 'id', description: 'The user id. Default: a new one.' },
    email: { type: 'string', value: 'address', description: 'The email claim.' },
    hours: { type: 'string', value: 'n', description: 'Hours until it expires. Default: 12, and 1 with --oneroster or --client.' },
    oneroster: {
      type: 'string',
      value: 'vendor',
      description: `A OneRoster vendor's token, with its configured scopes (sis:oneRosterVendors in cdk.json, else: ${DEFAULT_ONEROSTER_VENDORS.map((vendor) => vendor.name).join(', ')}).`,
    },
    client: { type: 'string', value: 'clientId', description: 'Issue a client-credentials access token for this OneRoster client.' },
    scope: { type: 'string', multiple: true, value: 'scope', description: `With --client: ${ONEROSTER_SCOPE_NAMES.join(', ')}.` },
  },
  notes: [
    'It says on stderr which system it signs for. With no system running it signs with the key of the default data folder',
    '(or LOCAL_DATA_DIR), creating the key if there is none and saying so; `npm start` on that folder accepts those tokens.',
  ],
  examples: [
    'export TOKEN=$(npm run -s token -- --role district_admin)',
    'npm run -s token -- --role school_admin --school <schoolId>',
    'npm run -s token -- --role parent --guardian-id <guardianId>',
    'npm run -s token -- --oneroster library',
    'npm run -s token -- --client lms --scope roster-core.readonly',
  ],
});

const list = (values: readonly string[] | undefined) => (values ?? []).flatMap((value) => value.split(',')).filter(Boolean);

/** The key of the running system; with none, the folder's (made if missing), said aloud either way. */
function signingAuth(): LocalAuth {
  const lookup = findLocalSystem();
  if (lookup.system) {
    process.stderr.write(`token for ${describeSystem(lookup.system)}\n`);
    return LocalAuth.persistent(lookup.system.signingKey);
  }
  const keyFile = localPaths(lookup.dataDir).signingKey;
  process.stderr.write(
    existsSync(keyFile)
      ? `note: ${lookup.reason}; signed with the key in ${lookup.dataDir}, which \`npm start\` on that folder uses\n`
      : `note: ${lookup.reason}; created a new signing key, ${keyFile}: \`npm start\` on ${lookup.dataDir} will accept this token\n`,
  );
  return LocalAuth.persistent(keyFile);
}

function hoursOf(value: string | undefined, fallback: number): number {
  const hours = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(hours)) return cli.fail(`--hours ${value} is not a number`);
  return hours;
}

function main(): void {
  const { values } = cli.parse();
  if (values.oneroster !== undefined) {
    if (values.client !== undefined || values.role !== undefined) return cli.fail('--oneroster takes neither --client nor --role');
    const vendors = localVendors();
    if (!vendors.some((vendor) => vendor.name === values.oneroster)) {
      return cli.fail(`no OneRoster vendor "${values.oneroster}"; vendors: ${vendors.map((vendor) => vendor.name).join(', ')}`);
    }
    const expiresInSeconds = Math.round(hoursOf(values.hours, 1) * 3600);
    process.stdout.write(`${vendorToken(signingAuth(), values.oneroster, { vendors, expiresInSeconds })}\n`);
    return;
  }
  if (values.client !== undefined) {
    const names = list(values.scope);
    const unknown = names.find((name) => !(ONEROSTER_SCOPE_NAMES as readonly string[]).includes(name));
    if (names.length === 0) return cli.fail('--client needs at least one --scope');
    if (unknown !== undefined) return cli.fail(`unknown scope "${unknown}"; scopes: ${ONEROSTER_SCOPE_NAMES.join(', ')}`);
    const expiresInSeconds = Math.round(hoursOf(values.hours, 1) * 3600);
    const token = signingAuth().issueClientCredentials({
      clientId: values.client,
      scopes: names.map((name) => oneRosterScope(name as OneRosterScopeName)),
      expiresInSeconds,
    });
    process.stdout.write(`${token}\n`);
    return;
  }
  if (!values.role) return cli.fail('missing --role (or --oneroster, or --client)');
  if (!isRole(values.role)) return cli.fail(`unknown role "${values.role}"; roles: ${ROLES.join(', ')}`);
  const regionIds = list(values.regions);
  const badRegion = regionIds.find((region) => !REGION_ID_PATTERN.test(region));
  if (badRegion !== undefined) return cli.fail(`region "${badRegion}" is not a region id (1 to 40 letters, digits, dashes or underscores)`);
  if (values.role === 'parent' && !values['guardian-id']) {
    process.stderr.write('warning: a parent token without --guardian-id can see no student\n');
  }
  const expiresInSeconds = Math.round(hoursOf(values.hours, 12) * 3600);
  const token = signingAuth().issue({
    role: values.role,
    schoolIds: list(values.school),
    regionIds,
    staffId: values['staff-id'],
    guardianId: values['guardian-id'],
    sub: values.sub,
    email: values.email,
    expiresInSeconds,
  });
  process.stdout.write(`${token}\n`);
}

main();
