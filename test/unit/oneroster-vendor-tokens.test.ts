import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneRosterScope } from '../../domain/oneroster/rest-routes';
import { LocalAuth, LOCAL_MACHINE_AUDIENCE } from '../../infra/local/local-auth';
import { localVendors, vendorToken } from '../../infra/local/local-vendors';
import { DEFAULT_ONEROSTER_VENDORS } from '../../infra/stacks/oneroster-vendors';

describe("a OneRoster vendor's local token (npm run token -- --oneroster <vendor>)", () => {
  const auth = LocalAuth.ephemeral();
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sis-vendors-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("carries the vendor's name as its client and exactly its configured scopes, for the OneRoster routes' audience", () => {
    const claims = auth.verify(vendorToken(auth, 'library', { vendors: DEFAULT_ONEROSTER_VENDORS }), LOCAL_MACHINE_AUDIENCE)!;
    expect(claims).toMatchObject({ client_id: 'library', token_use: 'access', scope: oneRosterScope('roster-core.readonly') });
    const platform = auth.verify(vendorToken(auth, 'learning-platform', { vendors: DEFAULT_ONEROSTER_VENDORS }), LOCAL_MACHINE_AUDIENCE)!;
    expect(platform.scope!.split(' ')).toEqual(
      (['roster-core.readonly', 'gradebook.readonly', 'gradebook.createput'] as const).map(oneRosterScope),
    );
  });

  it("takes the vendors cdk.json's context lists, as a deployment from the folder would, else the defaults", () => {
    expect(localVendors(folder)).toEqual(DEFAULT_ONEROSTER_VENDORS);
    writeFileSync(join(folder, 'cdk.json'), JSON.stringify({ context: { 'sis:oneRosterVendors': 'analytics:roster.readonly' } }));
    expect(localVendors(folder)).toEqual([{ name: 'analytics', scopes: ['roster.readonly'] }]);
    expect(() => vendorToken(auth, 'library', { vendors: localVendors(folder) })).toThrow(
      /no OneRoster vendor "library"; vendors: analytics/,
    );
  });
});
