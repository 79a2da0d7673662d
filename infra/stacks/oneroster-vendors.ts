/**
 * The district's OneRoster vendors: each gets its own client-credentials app client with exactly the
 * scopes listed here, and a Secrets Manager secret holding its id and secret (decision 0155). Read by the
 * stacks (config.ts) and by the local token command (`npm run token -- --oneroster <vendor>`), so a
 * vendor's local token carries the scopes its AWS client would.
 */
import { ONEROSTER_SCOPE_NAMES, type OneRosterScopeName } from '../../domain/oneroster/rest-routes';

export interface OneRosterVendor {
  /** Lower-case letters, digits and dashes: part of construct ids, the secret's name and the outputs' names. */
  readonly name: string;
  /** The OneRoster scopes the vendor is granted (any of ONEROSTER_SCOPE_NAMES), and no other. */
  readonly scopes: readonly OneRosterScopeName[];
}

/**
 * The vendors a deployment gets unless `sis:oneRosterVendors` names its own: a learning platform that
 * rosters its classes (without demographics) and posts grades back, and a library system that needs the
 * roster core alone. Neither reads demographics (`roster.readonly`): a district grants that to a vendor
 * by name, when its contract covers it.
 */
export const DEFAULT_ONEROSTER_VENDORS: readonly OneRosterVendor[] = [
  { name: 'learning-platform', scopes: ['roster-core.readonly', 'gradebook.readonly', 'gradebook.createput'] },
  { name: 'library', scopes: ['roster-core.readonly'] },
];

/** A vendor's name: a valid construct id, secret name part and CloudFormation output name once camel-cased. */
const VENDOR_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_VENDOR_NAME = 32;

const isScope = (value: string): value is OneRosterScopeName => (ONEROSTER_SCOPE_NAMES as readonly string[]).includes(value);

/** Checks a vendor list and returns it typed; throws one error naming every problem. */
export function validateVendors(vendors: readonly { readonly name: string; readonly scopes: readonly string[] }[]): OneRosterVendor[] {
  const problems: string[] = [];
  if (vendors.length === 0) problems.push('at least one vendor is needed (the OneRoster routes have no audience without one)');
  const seen = new Set<string>();
  for (const vendor of vendors) {
    if (!VENDOR_NAME.test(vendor.name) || vendor.name.length > MAX_VENDOR_NAME) {
      problems.push(`"${vendor.name}" is not a vendor name (lower-case letters, digits and single dashes, at most ${MAX_VENDOR_NAME})`);
    }
    if (seen.has(vendor.name)) problems.push(`"${vendor.name}" is listed twice`);
    seen.add(vendor.name);
    if (vendor.scopes.length === 0) problems.push(`${vendor.name} has no scope`);
    const unknown = vendor.scopes.filter((scope) => !isScope(scope));
    if (unknown.length > 0)
      problems.push(`${vendor.name}: unknown scope ${unknown.join(', ')} (scopes: ${ONEROSTER_SCOPE_NAMES.join(', ')})`);
    if (new Set(vendor.scopes).size !== vendor.scopes.length) problems.push(`${vendor.name} lists a scope twice`);
  }
  if (problems.length > 0) throw new Error(`sis:oneRosterVendors: ${problems.join('; ')}`);
  return vendors.map((vendor) => ({ name: vendor.name, scopes: vendor.scopes.filter(isScope) }));
}

/**
 * Reads `sis:oneRosterVendors`: a JSON list (`[{"name":"lms","scopes":["roster-core.readonly"]}]`, as cdk.json's
 * context holds it) or, on the command line, `name:scope+scope,name:scope`
 * (`-c sis:oneRosterVendors=lms:roster-core.readonly+gradebook.createput,library:roster-core.readonly`).
 * @returns undefined when the key is unset
 */
export function parseVendors(value: unknown): OneRosterVendor[] | undefined {
  if (value === undefined || value === '') return undefined;
  let listed: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      listed = JSON.parse(value);
    } catch {
      throw new Error('sis:oneRosterVendors is not valid JSON');
    }
  }
  if (typeof listed === 'string') {
    return validateVendors(
      listed
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [name = '', scopes = ''] = entry.split(':');
          return {
            name: name.trim(),
            scopes: scopes
              .split('+')
              .map((scope) => scope.trim())
              .filter(Boolean),
          };
        }),
    );
  }
  if (!Array.isArray(listed)) throw new Error('sis:oneRosterVendors must be a list of {"name", "scopes"}, or name:scope+scope,...');
  return validateVendors(
    listed.map((entry: unknown) => {
      const { name, scopes } = (entry ?? {}) as { name?: unknown; scopes?: unknown };
      return { name: String(name ?? ''), scopes: Array.isArray(scopes) ? scopes.map(String) : [] };
    }),
  );
}

/** A vendor of the list by name, or an error that names the listed ones. */
export function vendorNamed(vendors: readonly OneRosterVendor[], name: string): OneRosterVendor {
  const vendor = vendors.find((candidate) => candidate.name === name);
  if (!vendor) throw new Error(`no OneRoster vendor "${name}"; vendors: ${vendors.map((candidate) => candidate.name).join(', ')}`);
  return vendor;
}
