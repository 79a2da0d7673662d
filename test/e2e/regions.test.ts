import { startTestSystem, type TestSystem } from '../support/runtime';
import { guardianBody, linkBody, schoolBody, studentBody } from '../support/fixtures';

const TTL_MS = 5 * 60_000;

/**
 * Staff whose work spans a region (decision 0087): their token names the region, not its schools;
 * the API resolves the region to its schools through a cache per execution environment. The
 * runtime's region clock is the test's, so the cache's TTL passes without sleeping.
 */
describe('staff assigned by region', () => {
  let system: TestSystem;
  let now = Date.now();
  let admin: string;
  let regional: string;
  const school: Record<'north' | 'south' | 'none', string> = { north: '', south: '', none: '' };
  const student: Record<keyof typeof school, string> = { north: '', south: '', none: '' };
  let guardianId: string;

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  async function moveSchool(schoolId: string, regionId: string | null, token = admin) {
    const current = await call('GET', `/v1/schools/${schoolId}`, admin);
    return call('PATCH', `/v1/schools/${schoolId}`, token, { regionId }, { 'if-match': current.headers.get('etag')! });
  }

  beforeAll(async () => {
    system = await startTestSystem('regions', { regionCacheClock: () => now });
    admin = system.api.token('district_admin');
    // A regional administrator: no school ids in the token at all, only the region.
    regional = system.api.token('school_admin', { regionIds: ['e2e-north'] });
    const schools: [keyof typeof school, Record<string, unknown>][] = [
      ['north', { name: 'North Elementary', code: 'E2E-N', regionId: 'e2e-north' }],
      ['south', { name: 'South Elementary', code: 'E2E-S', regionId: 'e2e-south' }],
      ['none', { name: 'Lone Elementary', code: 'E2E-L' }],
    ];
    for (const [name, overrides] of schools) {
      const created = await call('POST', '/v1/schools', admin, schoolBody(overrides));
      expect(created.status).toBe(201);
      school[name] = created.body.id;
      const child = await call('POST', '/v1/students', admin, studentBody(school[name], { gradeLevel: '03' }));
      expect(child.status).toBe(201);
      student[name] = child.body.id;
    }
    guardianId = (await call('POST', '/v1/guardians', admin, guardianBody())).body.id;
    for (const name of ['north', 'south'] as const) {
      expect((await call('POST', `/v1/students/${student[name]}/guardians`, admin, linkBody(guardianId))).status).toBe(201);
    }
  });
  afterAll(() => system?.stop());

  it('reads a student of a school in their region, and is refused one outside it or at a school with no region', async () => {
    expect((await call('GET', `/v1/students/${student.north}`, regional)).status).toBe(200);
    const refused = await call('GET', `/v1/students/${student.south}`, regional);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', `/v1/students/${student.none}`, regional)).status).toBe(403);
  });

  it("lists the students of a school in the region and a guardian's children there, and nothing of other schools", async () => {
    const roster = await call('GET', `/v1/schools/${school.north}/students`, regional);
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((item: { id: string }) => item.id)).toEqual([student.north]);
    expect((await call('GET', `/v1/schools/${school.south}/students`, regional)).status).toBe(403);

    const children = await call('GET', `/v1/guardians/${guardianId}/students`, regional);
    expect(children.status).toBe(200);
    expect(children.body.items.map((link: { studentId: string }) => link.studentId)).toEqual([student.north]);
  });

  it("refuses a school's own administrator who tries to move the school to another region", async () => {
    const own = system.api.token('school_admin', { schoolIds: [school.south] });
    const refused = await moveSchool(school.south, 'e2e-north', own);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('regionId');
    expect((await call('GET', `/v1/schools/${school.south}`, admin)).body.regionId).toBe('e2e-south');
  });

  it('sees schools moved between regions once the cache TTL has passed', async () => {
    expect((await moveSchool(school.south, 'e2e-north')).status).toBe(200);
    expect((await moveSchool(school.north, null)).status).toBe(200);

    // Within the TTL the environment still holds the region as it was.
    now += TTL_MS - 1_000;
    expect((await call('GET', `/v1/students/${student.north}`, regional)).status).toBe(200);
    expect((await call('GET', `/v1/students/${student.south}`, regional)).status).toBe(403);

    now += 1_000;
    expect((await call('GET', `/v1/students/${student.south}`, regional)).status).toBe(200);
    expect((await call('GET', `/v1/students/${student.north}`, regional)).status).toBe(403);
  });
});
