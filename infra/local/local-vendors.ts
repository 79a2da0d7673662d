/**
 * The OneRoster vendors of the local system: the ones cdk.json's context lists under `sis:oneRosterVendors`, as a
 * deployment from this folder would get, or else the default vendors (infra/stacks/oneroster-vendors.ts). A vendor's
 * local token carries exactly the scopes its app client would be granted in AWS (decision 0155).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneRosterScope } from '../../domain/oneroster/rest-routes';
import { REPO_ROOT } from '../repo-root';
import { DEFAULT_ONEROSTER_VENDORS, parseVendors, vendorNamed, type OneRosterVendor } from '../stacks/oneroster-vendors';
import type { LocalAuth } from './local-auth';

/** The vendors listed in `<root>/cdk.json` (context `sis:oneRosterVendors`), or the defaults. */
export function localVendors(root: string = REPO_ROOT): readonly OneRosterVendor[] {
  const file = join(root, 'cdk.json');
  if (!existsSync(file)) return DEFAULT_ONEROSTER_VENDORS;
  const context = (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  return parseVendors(context['sis:oneRosterVendors']) ?? DEFAULT_ONEROSTER_VENDORS;
}

/**
 * A client-credentials access token of a vendor: its client id is the vendor's name (locally every client name is
 * a client, decision 0139) and its scopes exactly the vendor's.
 */
export function vendorToken(
  auth: LocalAuth,
  name: string,
  options: { readonly vendors?: readonly OneRosterVendor[]; readonly expiresInSeconds?: number } = {},
): string {
  const vendor = vendorNamed(options.vendors ?? localVendors(), name);
  return auth.issueClientCredentials({
    clientId: vendor.name,
    scopes: vendor.scopes.map((scope) => oneRosterScope(scope)),
    ...(options.expiresInSeconds !== undefined ? { expiresInSeconds: options.expiresInSeconds } : {}),
  });
}
