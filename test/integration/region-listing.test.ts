import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Forbidden } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { schoolType } from '../../domain/records/record-types';
import { schoolIdsOfRegion } from '../../functions/repositories/region-listing';
import { createServices, type Services } from '../../functions/services';
import { createRecord } from '../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../functions/use-cases/records/delete-record';
import { readRecord } from '../../functions/use-cases/records/read-record';
import { restoreRecord } from '../../functions/use-cases/records/restore-record';
import { updateRecord } from '../../functions/use-cases/records/update-record';
import { RegionSchools } from '../../functions/use-cases/region-schools';
import { createTestTable, type TestTable } from '../support/dynamo';
import { schoolBody } from '../support/fixtures';

/** A region's schools (decision 0087) against DynamoDB Local: kept in each school write's own transaction. */
describe('the region listing', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;
  let services: Services;
  const admin: Principal = { sub: 'district-admin', roles: ['district_admin'], schoolIds: [] };
  const district = { principal: admin };

  beforeAll(async () => {
    table = await createTestTable('region-listing');
    documents = DynamoDBDocumentClient.from(table.client);
    services = createServices(documents, table.tableName);
  });
  afterAll(() => table?.drop());

  const schoolsOf = async (regionId: string) => (await schoolIdsOfRegion(documents, table.tableName, regionId)).sort();
  const newSchool = async (overrides: Record<string, unknown> = {}) =>
    (await createRecord(services, schoolType, {}, schoolBody(overrides), district)).result;
  const patch = async (schoolId: string, body: Record<string, unknown>, principal: Principal = admin) => {
    const { version } = await readRecord(services, schoolType, { schoolId }, admin);
    return (await updateRecord(services, schoolType, { schoolId }, { patch: body, expectedVersion: version }, { principal })).result;
  };

  test('a school created in a region is listed in it; one without a region in none', async () => {
    const north = await newSchool({ regionId: 'it-north' });
    const plain = await newSchool();

    expect(await schoolsOf('it-north')).toEqual([north.ids.schoolId]);
    expect(plain.record).not.toHaveProperty('regionId');
  });

  test('a school moved to another region leaves the old listing and joins the new one in the same write', async () => {
    const school = await newSchool({ regionId: 'it-east' });
    const stays = await newSchool({ regionId: 'it-east' });

    await patch(school.ids.schoolId!, { regionId: 'it-west' });

    expect(await schoolsOf('it-east')).toEqual([stays.ids.schoolId]);
    expect(await schoolsOf('it-west')).toEqual([school.ids.schoolId]);
  });

  test('a region given to a school later, or taken away (merge patch null), adds or removes its listing item', async () => {
    const school = await newSchool();
    await patch(school.ids.schoolId!, { regionId: 'it-south' });
    expect(await schoolsOf('it-south')).toEqual([school.ids.schoolId]);

    await patch(school.ids.schoolId!, { regionId: null });
    expect(await schoolsOf('it-south')).toEqual([]);
  });

  test('a deleted school leaves its region; restored, it is back', async () => {
    const school = await newSchool({ regionId: 'it-central' });
    const ids = { schoolId: school.ids.schoolId! };

    await deleteRecord(services, schoolType, ids, undefined, district);
    expect(await schoolsOf('it-central')).toEqual([]);

    await restoreRecord(services, schoolType, ids, {}, district);
    expect(await schoolsOf('it-central')).toEqual([ids.schoolId]);
  });

  test("a school's own administrator may rename it but not move it to another region: that decides who else sees it", async () => {
    const school = await newSchool({ regionId: 'it-harbor' });
    const schoolId = school.ids.schoolId!;
    const schoolAdmin: Principal = { sub: 'school-admin', roles: ['school_admin'], schoolIds: [schoolId] };

    await expect(patch(schoolId, { regionId: 'it-valley' }, schoolAdmin)).rejects.toBeInstanceOf(Forbidden);
    await expect(patch(schoolId, { regionId: null }, schoolAdmin)).rejects.toBeInstanceOf(Forbidden);
    expect(await schoolsOf('it-harbor')).toEqual([schoolId]);
    expect(await schoolsOf('it-valley')).toEqual([]);

    const renamed = await patch(schoolId, { name: 'Harbor Academy' }, schoolAdmin);
    expect(renamed.record).toMatchObject({ name: 'Harbor Academy', regionId: 'it-harbor' });
  });

  test("a regional administrator's token is expanded to the region's schools from the table", async () => {
    const first = await newSchool({ regionId: 'it-mountain' });
    const second = await newSchool({ regionId: 'it-mountain' });
    const regions = new RegionSchools((regionId) => schoolIdsOfRegion(documents, table.tableName, regionId));

    const principal = await regions.expand({ sub: 'regional', roles: ['school_admin'], schoolIds: [], regionIds: ['it-mountain'] });

    expect([...principal.schoolIds].sort()).toEqual([first.ids.schoolId, second.ids.schoolId].sort());
    const read = await readRecord(services, schoolType, { schoolId: first.ids.schoolId! }, principal);
    expect(read.record).toMatchObject({ regionId: 'it-mountain' });
  });
});
