/**
 * OneRoster 1.1 → 1.2, row by row (decision 0106). A 1.1 set is read with 1.1's tables
 * (binding.ts: FILES_V11) and each row is turned into what the 1.2 binding says of the same facts:
 *
 * - users.csv: 1.1 names a user's orgs (`orgSourcedIds`) and one `role`; 1.2 has roles.csv rows
 *   (`userSourcedId`, `roleType`, `role`, `orgSourcedId`) and `primaryOrgSourcedId`. Each org of the
 *   1.1 row becomes a role row, sourcedId `<user>.<org>`, the first one `primary` and
 *   `primaryOrgSourcedId`, the others `secondary`. 1.1's `administrator` is 1.2's
 *   `districtAdministrator` at a district org and `siteAdministrator` elsewhere; the other roles keep
 *   their names. The role rows carry the user row's status and dateLastModified.
 * - lineItems.csv: 1.1's assignDate/dueDate are Dates, 1.2's DateTimes: `<date>T00:00:00.000Z`.
 * - Every other file has the same columns in both versions.
 */
import { listOf, type CsvRow } from './csv-rows';
import type { CsvFile } from './binding';

export interface ConvertedRow {
  readonly row: CsvRow;
  /** Rows of other files the 1.1 row holds (roles.csv rows of a users.csv row). */
  readonly roles: CsvRow[];
}

/** The 1.2 form of a 1.1 row; `orgTypeOf` tells a district org from the others. */
export function fromV11(file: CsvFile, row: CsvRow, orgTypeOf: (sourcedId: string) => string | undefined): ConvertedRow {
  if (file === 'lineItems') {
    const dateTime = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : (value ?? ''));
    return { row: { ...row, assignDate: dateTime(row.assignDate), dueDate: dateTime(row.dueDate) }, roles: [] };
  }
  if (file !== 'users') return { row, roles: [] };
  const { orgSourcedIds, role, ...rest } = row;
  const orgs = listOf(orgSourcedIds);
  const roles = orgs.map((org, index) => ({
    sourcedId: `${row.sourcedId}.${org}`,
    status: row.status ?? '',
    dateLastModified: row.dateLastModified ?? '',
    userSourcedId: row.sourcedId ?? '',
    roleType: index === 0 ? 'primary' : 'secondary',
    role: role === 'administrator' ? (orgTypeOf(org) === 'district' ? 'districtAdministrator' : 'siteAdministrator') : (role ?? ''),
    orgSourcedId: org,
  }));
  return { row: { ...rest, ...(orgs[0] ? { primaryOrgSourcedId: orgs[0] } : {}) }, roles };
}
