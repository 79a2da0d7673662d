import { parseManifest } from '../../../domain/oneroster/csv-files';
import { checkHeader } from '../../../domain/oneroster/csv-header';
import { rowIssues } from '../../../domain/oneroster/csv-rows';
import { fromV11 } from '../../../domain/oneroster/csv-v11';
import { STANDARD_COLUMNS } from '../../../domain/oneroster/binding';

const org = { sourcedId: 'o1', name: 'Gotham High', type: 'school' };
const user = { sourcedId: 'u1', enabledUser: 'true', username: 'bruce.wayne', givenName: 'Bruce', familyName: 'Wayne' };

describe('the OneRoster 1.2 CSV binding, value by value', () => {
  it('accepts what the binding allows: a blank identifier, a classCode with a space, a district-owned course, blank grades and periods', () => {
    expect(rowIssues('orgs', '1.2', 'bulk', org)).toEqual([]);
    expect(rowIssues('users', '1.2', 'bulk', { ...user, identifier: 'bruce.wayne', phone: '6037778888' })).toEqual([]);
    const klass = {
      sourcedId: 'c1',
      title: 'English I',
      courseSourcedId: 'ENG-1',
      classCode: 'English I',
      classType: 'scheduled',
      schoolSourcedId: 'o1',
      termSourcedIds: 'fall,spring',
      periods: '',
    };
    expect(rowIssues('classes', '1.2', 'bulk', klass)).toEqual([]);
    expect(rowIssues('courses', '1.2', 'bulk', { sourcedId: 'k1', title: 'English I', orgSourcedId: 'district-1', grades: '' })).toEqual(
      [],
    );
    expect(rowIssues('orgs', '1.2', 'bulk', { ...org, type: 'ext:campus' })).toEqual([]);
  });

  it("refuses what it forbids, in the binding's words: dates that are not ISO 8601, values in the wrong case, missing required fields", () => {
    expect(rowIssues('users', '1.2', 'bulk', { ...user, dateLastModified: '1/05/2023' })).toEqual([
      { field: 'dateLastModified', reason: 'must be a DateTime in ISO 8601 with a time and a zone, e.g. 2023-05-01T18:25:43.511Z' },
    ]);
    expect(rowIssues('orgs', '1.2', 'bulk', { ...org, dateLastModified: '2017-05-06 08:01:05' }).map((issue) => issue.field)).toEqual([
      'dateLastModified',
    ]);
    expect(rowIssues('orgs', '1.2', 'bulk', { ...org, dateLastModified: '2023-05-01T18:25:43.511Z' })).toEqual([]);
    expect(rowIssues('users', '1.2', 'bulk', { ...user, enabledUser: 'TRUE', givenName: '' })).toEqual([
      { field: 'enabledUser', reason: 'must be true or false; values are case-sensitive' },
      { field: 'givenName', reason: 'is required' },
    ]);
    expect(
      rowIssues('classes', '1.2', 'bulk', {
        sourcedId: 'c',
        title: 't',
        courseSourcedId: 'k',
        classType: 'Scheduled',
        schoolSourcedId: 'o',
        termSourcedIds: 't',
      }),
    ).toEqual([{ field: 'classType', reason: 'must be one of homeroom, scheduled (or an ext: extension); values are case-sensitive' }]);
    expect(rowIssues('demographics', '1.2', 'bulk', { sourcedId: 'u1', birthDate: '2010-13-40' })).toEqual([
      { field: 'birthDate', reason: 'must be a Date as YYYY-MM-DD' },
    ]);
    expect(rowIssues('users', '1.2', 'bulk', { ...user, userIds: 'LDAP:12' })).toEqual([
      { field: 'userIds', reason: 'must be a list of {type:identifier}' },
    ]);
  });

  it('requires status and dateLastModified in a delta file; a bulk file has no deletions', () => {
    expect(rowIssues('orgs', '1.2', 'delta', org).map((issue) => issue.field)).toEqual(['status', 'dateLastModified']);
    expect(rowIssues('orgs', '1.2', 'delta', { sourcedId: 'o1', status: 'tobedeleted', dateLastModified: '2026-09-01T00:00:00Z' })).toEqual(
      [],
    );
    expect(rowIssues('orgs', '1.2', 'bulk', { ...org, status: 'tobedeleted' })).toEqual([
      { field: 'status', reason: 'must be blank or active in a bulk file (tobedeleted is for delta files)' },
    ]);
  });
});

describe('headers', () => {
  it('reads a misspelled or unknown column as not read, and says which column was probably meant', () => {
    const header = [...STANDARD_COLUMNS.users].map((name) => (name === 'preferredGivenName' ? 'prefferedGivenName' : name));
    const { read, issues } = checkHeader('users', '1.2', header);
    expect(read).not.toContain('prefferedGivenName');
    expect(issues).toEqual([
      {
        column: 'prefferedGivenName',
        reason: expect.stringContaining(
          'is not a column of users.csv in OneRoster 1.2 (header names are case-sensitive and spelled as the binding does: preferredGivenName?)',
        ),
        fatal: false,
      },
      { column: 'preferredGivenName', reason: expect.stringContaining('is missing from the header'), fatal: false },
    ]);
  });

  it('cannot read a file without a required column; blank and repeated names are not read; order is reported', () => {
    expect(checkHeader('demographics', '1.1', ['userSourcedId', 'status']).issues.filter((issue) => issue.fatal)).toEqual([
      { column: 'sourcedId', reason: 'is required in demographics.csv and missing from the header; the file cannot be read', fatal: true },
    ]);
    const roles = checkHeader('roles', '1.2', [...STANDARD_COLUMNS.roles, '', 'role', 'metadata.extra']);
    expect(roles.read.slice(-3)).toEqual([undefined, undefined, 'metadata.extra']);
    expect(roles.issues.map((issue) => issue.column)).toEqual(['(blank)', 'role']);
    const shuffled = checkHeader('orgs', '1.2', [
      'sourcedId',
      'name',
      'status',
      'dateLastModified',
      'type',
      'identifier',
      'parentSourcedId',
    ]);
    expect(shuffled.issues).toEqual([expect.objectContaining({ column: 'header', fatal: false })]);
  });
});

describe('the manifest', () => {
  it('reads 1.1 and 1.2, refuses other versions, and reads a blank or unknown mode as absent with a word', () => {
    const { manifest, issues } = parseManifest([
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', '1.1'],
      ['file.users', 'bulk'],
      ['file.orgs', 'delta'],
      ['file.classes', ''],
      ['file.resources', 'absent'],
    ]);
    expect(manifest.version).toBe('1.1');
    expect(manifest.files).toMatchObject({ users: 'bulk', orgs: 'delta', classes: 'absent', courses: 'absent' });
    expect(issues).toEqual([
      { property: 'file.classes', reason: 'must be bulk, delta or absent, not ""; the file is read as absent', fatal: false },
    ]);
    expect(parseManifest([['oneroster.version', '1.0']]).issues).toContainEqual(
      expect.objectContaining({ property: 'oneroster.version', fatal: true }),
    );
  });
});

describe('OneRoster 1.1 → 1.2', () => {
  it("a 1.1 user's orgs and role become 1.2 role rows, the first primary; administrator is a 1.2 administrator of its org's kind", () => {
    const row = {
      sourcedId: 'u9',
      status: '',
      dateLastModified: '',
      enabledUser: 'true',
      orgSourcedIds: 'sch-1,dist',
      role: 'administrator',
      username: 'x',
      givenName: 'A',
      familyName: 'B',
    };
    const converted = fromV11('users', row, (id) => (id === 'dist' ? 'district' : 'school'));
    expect(converted.row).not.toHaveProperty('orgSourcedIds');
    expect(converted.row.primaryOrgSourcedId).toBe('sch-1');
    expect(converted.roles).toEqual([
      expect.objectContaining({
        sourcedId: 'u9.sch-1',
        userSourcedId: 'u9',
        roleType: 'primary',
        role: 'siteAdministrator',
        orgSourcedId: 'sch-1',
      }),
      expect.objectContaining({ sourcedId: 'u9.dist', roleType: 'secondary', role: 'districtAdministrator', orgSourcedId: 'dist' }),
    ]);
    expect(fromV11('lineItems', { assignDate: '2026-09-01', dueDate: '' }, () => undefined).row).toMatchObject({
      assignDate: '2026-09-01T00:00:00.000Z',
    });
  });
});
