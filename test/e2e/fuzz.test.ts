import { fuzz, seedDistrict, send } from '../fuzz/engine';
import { guardianBody } from '../support/fixtures';
import { startTestSystem, type TestSystem } from '../support/runtime';

/**
 * Every route of the manifest, fed generated requests: near-valid bodies mutated field by field,
 * raw bytes that are not JSON or not UTF-8, wrong content types, forged cursors, huge limits, very
 * long paths and headers, by callers of every role. No answer is a 5xx; every 4xx is
 * problem+json with its own status; a refused write leaves the table exactly as it was; every
 * answer keeps the contract. `npm run fuzz -- --cases N` runs more.
 */
const CASES = Number(process.env.SIS_FUZZ_CASES ?? 600);

describe('fuzzing every route', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('fuzz');
  });
  afterAll(() => system?.stop());

  // The defects the fuzzer found, each pinned by its own example.
  test('a URL longer than the server takes is refused as problem+json 431, not a bare status', async () => {
    const answer = await send(`${system.runtime.apiUrl}/v1/schools/${'A'.repeat(20_000)}`, 'GET', {}, undefined);
    expect(answer.status).toBe(431);
    expect(answer.contentType).toBe('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  test("a GET's body is ignored, whatever it holds (it used to be parsed and refused as bad JSON)", async () => {
    const token = system.api.token('district_admin');
    const answer = await send(
      `${system.runtime.apiUrl}/v1/schools`,
      'GET',
      { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      '{"a":',
    );
    expect(answer.status).toBe(200);
  });

  test('a malformed percent-escape in an id names no record: 404 problem+json (it used to crash the local API: 500)', async () => {
    const token = system.api.token('district_admin');
    const answer = await send(
      `${system.runtime.apiUrl}/v1/schools/%E9/bell-schedules/%E9/history`,
      'GET',
      { authorization: `Bearer ${token}` },
      undefined,
    );
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe('application/problem+json');
  });

  test('a forged cursor holding a number too large to marshal is a 400 naming the cursor (it used to be a 500)', async () => {
    const token = system.api.token('district_admin');
    const forged = Buffer.from(JSON.stringify({ pk: 'SCHOOL#x', sk: 9.7e255 })).toString('base64url');
    const answer = await system.api.call('GET', `/v1/schools?cursor=${forged}`, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  });

  test("a guardian's preferences: a stale If-Match before any are stored is a 412 with currentVersion 0, and a stored set reads back as the contract says", async () => {
    const admin = system.api.token('district_admin');
    const guardian = await system.api.call('POST', '/v1/guardians', { token: admin, body: guardianBody() });
    const parent = system.api.token('parent', { guardianId: guardian.body.id });
    const stale = await system.api.call('PUT', '/v1/me/notification-preferences', {
      token: parent,
      body: {},
      headers: { 'if-match': '"3"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(0);
    expect((await system.api.call('PUT', '/v1/me/notification-preferences', { token: parent, body: { language: 'es' } })).status).toBe(200);
    const read = await system.api.call('GET', '/v1/me/notification-preferences', { token: parent });
    // Only what the contract names: not the item's guardianId or updatedBy (the contract check at the end holds it).
    expect(Object.keys(read.body).sort()).toEqual(['preferences', 'updatedAt', 'version']);
  });

  test(`${CASES} generated requests: no 5xx, every error problem+json, no partial write, the contract kept`, async () => {
    const seeded = await seedDistrict(system.api, system.runtime);
    // A new seed each run explores new requests; a failure shows it (`npm run fuzz -- --seed S` generates the same requests against a fresh district).
    const seed = Date.now() % 2 ** 31;
    const totals = await fuzz(system.runtime, seeded, { cases: CASES, seed });
    expect({ seed, examples: totals.examples }).toEqual({ seed, examples: [] });
    expect(totals).toMatchObject({ cases: CASES, fiveHundreds: 0, nonProblemErrors: 0, partialWrites: 0, contractViolations: 0 });
  }, 600_000);
});
