import { ONEROSTER_SCOPE_NAMES, oneRosterScope } from '../../domain/oneroster/rest-routes';
import { ROUTES, isScopeAccess, routeKey } from '../../functions/manifest';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { guardianBody, linkBody, schoolBody, schoolYearBody, staffBody, studentBody } from '../support/fixtures';

/** What staff and parent apps can rely on: clear refusals, safe retries, scoped access. */
describe('API contract', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let otherSchoolId: string;

  beforeAll(async () => {
    system = await startTestSystem('contract');
    admin = system.api.token('district_admin');
    schoolId = (
      await system.api.call('POST', '/v1/schools', {
        token: admin,
        body: schoolBody({ name: 'Adams Middle', type: 'middle', gradeLevels: ['06', '07', '08'] }),
      })
    ).body.id;
    otherSchoolId = (
      await system.api.call('POST', '/v1/schools', {
        token: admin,
        body: schoolBody({ name: 'Baker High', type: 'high', gradeLevels: ['09', '10', '11', '12'] }),
      })
    ).body.id;
  });
  afterAll(() => system?.stop());

  describe('every manifest route is served locally by its function', () => {
    test.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s', async (_key, route) => {
      const path = route.path.replace(/\{[^}]+\}/g, 'UNKNOWN');
      // A OneRoster route is called by another system, with every OneRoster scope (a person's token gets a 403 imsx_StatusInfo).
      const token = isScopeAccess(route.access)
        ? system.api.clientToken(
            'contract',
            ONEROSTER_SCOPE_NAMES.map((name) => oneRosterScope(name)),
          )
        : admin;
      const response = await system.api.call(route.method, path, {
        token,
        body: ['POST', 'PATCH'].includes(route.method) ? {} : undefined,
      });
      // API Gateway answers {"message":"Not Found"} for a route it lacks; the function answers problem+json.
      expect(response.body?.message).not.toBe('Not Found');
      expect(response.status).toBeLessThan(500);
    });
  });

  describe('authentication and roles', () => {
    test('no token → 401 from the authorizer; a forged token → 401', async () => {
      expect((await system.api.call('GET', '/v1/schools')).status).toBe(401);
      const forged = `${admin.slice(0, admin.lastIndexOf('.'))}.AAAA`;
      expect((await system.api.call('GET', '/v1/schools', { token: forged })).status).toBe(401);
    });

    test('/health needs no token, reports the table reachable and how far the relay and the queues are behind', async () => {
      const health = await system.api.call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', backlog: { behind: [] } });
      expect(health.body.backlog.relayLagSeconds).toBeGreaterThanOrEqual(0);
      expect(Object.keys(health.body.backlog.queueOldestAgeSeconds).sort()).toEqual([
        'audit',
        'enrollment',
        'noticeFeedback',
        'notifications',
        'scheduling',
      ]);
    });

    test('a teacher may not create a school (403 problem+json naming the allowed roles)', async () => {
      const response = await system.api.call('POST', '/v1/schools', {
        token: system.api.token('teacher', { schoolIds: [schoolId] }),
        body: schoolBody(),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body.detail).toContain('district_admin');
    });

    test("a school admin manages their school's students, not another school's", async () => {
      const own = system.api.token('school_admin', { schoolIds: [schoolId] });
      expect(
        (await system.api.call('POST', '/v1/students', { token: own, body: studentBody(schoolId, { gradeLevel: '06' }) })).status,
      ).toBe(201);
      const elsewhere = await system.api.call('POST', '/v1/students', {
        token: own,
        body: studentBody(otherSchoolId, { gradeLevel: '09' }),
      });
      expect(elsewhere.status).toBe(403);
      expect((await system.api.call('GET', `/v1/schools/${otherSchoolId}/students`, { token: own })).status).toBe(403);
    });

    test('a parent sees their own child only, and no child without educational rights', async () => {
      const child = (await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId, { gradeLevel: '07' }) }))
        .body.id;
      const stranger = (await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId, { gradeLevel: '07' }) }))
        .body.id;
      const mother = (await system.api.call('POST', '/v1/guardians', { token: admin, body: guardianBody() })).body.id;
      const father = (
        await system.api.call('POST', '/v1/guardians', { token: admin, body: guardianBody({ name: { first: 'Luis', last: 'Garcia' } }) })
      ).body.id;
      await system.api.call('POST', `/v1/students/${child}/guardians`, { token: admin, body: linkBody(mother) });
      await system.api.call('POST', `/v1/students/${child}/guardians`, {
        token: admin,
        body: linkBody(father, { relationship: 'father', custody: false, educationalRights: false, livesWith: false }),
      });

      const asMother = system.api.token('parent', { guardianId: mother });
      expect((await system.api.call('GET', `/v1/students/${child}`, { token: asMother })).status).toBe(200);
      expect((await system.api.call('GET', `/v1/students/${stranger}`, { token: asMother })).status).toBe(403);
      expect((await system.api.call('GET', `/v1/guardians/${mother}`, { token: asMother })).status).toBe(200);
      expect((await system.api.call('GET', `/v1/guardians/${father}`, { token: asMother })).status).toBe(403);
      const children = await system.api.call('GET', `/v1/guardians/${mother}/students`, { token: asMother });
      expect(children.body.items.map((item: { studentId: string }) => item.studentId)).toEqual([child]);

      // A nurse of this school sees the mother's child here, not her children at other schools.
      const elsewhere = (
        await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(otherSchoolId, { gradeLevel: '09' }) })
      ).body.id;
      await system.api.call('POST', `/v1/students/${elsewhere}/guardians`, { token: admin, body: linkBody(mother) });
      const nurse = system.api.token('nurse', { schoolIds: [schoolId] });
      const seenByNurse = await system.api.call('GET', `/v1/guardians/${mother}/students`, { token: nurse });
      expect(seenByNurse.body.items.map((item: { studentId: string }) => item.studentId)).toEqual([child]);
      const seenByMother = await system.api.call('GET', `/v1/guardians/${mother}/students`, { token: asMother });
      expect(seenByMother.body.items.map((item: { studentId: string }) => item.studentId).sort()).toEqual([child, elsewhere].sort());

      const asFather = system.api.token('parent', { guardianId: father });
      expect((await system.api.call('GET', `/v1/students/${child}`, { token: asFather })).status).toBe(403);
    });
  });

  describe('bad input gets a clear answer', () => {
    test('invalid fields → 400 problem+json naming each field and the reason; nothing is written', async () => {
      const response = await system.api.call('POST', '/v1/students', {
        token: admin,
        body: { ...studentBody(schoolId), birthDate: '2017-02-30', gradeLevel: '13', email: 'not-an-email', nickname: 'x' },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const fields = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['birthDate', 'gradeLevel', 'email', 'nickname']));
      expect(response.body.errors.find((error: { field: string }) => error.field === 'birthDate').message).toMatch(/YYYY-MM-DD/);
    });

    test('malformed JSON → 400 naming the body', async () => {
      const response = await system.api.call('POST', '/v1/schools', { token: admin, body: '{"name": ' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    });

    test('a body too deep or too large → 400 naming the limit, before it is parsed; nothing is written', async () => {
      const deep = await system.api.call('POST', '/v1/schools', {
        token: admin,
        body: `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      });
      expect(deep.status).toBe(400);
      expect(deep.body.errors).toEqual([{ field: 'body', message: 'nests objects and arrays more than 32 levels deep' }]);
      const large = await system.api.call('POST', '/v1/schools', { token: admin, body: { ...schoolBody(), notes: 'x'.repeat(1_100_000) } });
      expect(large.status).toBe(400);
      expect(large.body.errors[0]).toMatchObject({ field: 'body', message: expect.stringMatching(/at most 1048576 bytes/) });
    });

    test('a student at an unknown school → 400 on schoolId, and no student, claim or event is left behind', async () => {
      const body = studentBody('01JZZZZZZZZZZZZZZZZZZZZZZZ');
      const response = await system.api.call('POST', '/v1/students', { token: admin, body });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('schoolId');
      // The district student id was not claimed: the same student can be created at a real school.
      const retry = await system.api.call('POST', '/v1/students', { token: admin, body: { ...body, schoolId } });
      expect(retry.status).toBe(201);
    });

    test('a district student id belongs to one student only → 409', async () => {
      const body = studentBody(schoolId);
      const first = await system.api.call('POST', '/v1/students', { token: admin, body });
      expect(first.status).toBe(201);
      const twice = await system.api.call('POST', '/v1/students', {
        token: admin,
        body: { ...body, legalName: { first: 'Other', last: 'Person' } },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toContain('districtStudentId');
      // The refusal names the student who holds the id, so the caller can go to them.
      expect(twice.body).toMatchObject({ field: 'districtStudentId', existingId: first.body.id });
    });

    test('a school code taken → 409 with the school that has it, whose id finds it', async () => {
      const taken = await system.api.call('GET', `/v1/schools/${schoolId}`, { token: admin });
      const again = await system.api.call('POST', '/v1/schools', { token: admin, body: schoolBody({ code: taken.body.code }) });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ field: 'code', existingId: schoolId });
      expect((await system.api.call('GET', `/v1/schools/${again.body.existingId}`, { token: admin })).body.code).toBe(taken.body.code);
    });

    test('unknown id → 404; PATCH without If-Match → 428; a bad cursor → 400', async () => {
      expect((await system.api.call('GET', '/v1/students/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token: admin })).status).toBe(404);
      const student = (await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId) })).body;
      expect((await system.api.call('PATCH', `/v1/students/${student.id}`, { token: admin, body: { gradeLevel: '07' } })).status).toBe(428);
      const cursor = await system.api.call('GET', `/v1/schools/${schoolId}/students?cursor=nonsense`, { token: admin });
      expect(cursor.status).toBe(400);
      expect(cursor.body.errors[0].field).toBe('cursor');
    });

    test('a PATCH that breaks a rule or changes an identifying field is refused whole', async () => {
      const year = await system.api.call('POST', `/v1/schools/${schoolId}/school-years`, { token: admin, body: schoolYearBody() });
      expect(year.status).toBe(201);
      const badTerm = await system.api.call('PATCH', `/v1/schools/${schoolId}/school-years/2026-2027`, {
        token: admin,
        headers: { 'if-match': year.headers.get('etag')! },
        body: { terms: [{ code: 'S1', name: 'Fall', startDate: '2026-08-01', endDate: '2026-12-20' }] },
      });
      expect(badTerm.status).toBe(400);
      expect(badTerm.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['terms[0]']));
      const rename = await system.api.call('PATCH', `/v1/schools/${schoolId}/school-years/2026-2027`, {
        token: admin,
        headers: { 'if-match': year.headers.get('etag')! },
        body: { schoolYear: '2027-2028' },
      });
      expect(rename.status).toBe(400);
      const unchanged = await system.api.call('GET', `/v1/schools/${schoolId}/school-years/2026-2027`, { token: admin });
      expect(unchanged.body.version).toBe(1);
      const days = await system.api.call('GET', `/v1/schools/${schoolId}/school-years/2026-2027/instructional-days`, { token: admin });
      expect(days.body.days).not.toContain('2026-09-07');
      expect(days.body.count).toBe(days.body.days.length);
    });

    test("a reader's X-Access-Purpose is kept in the record of access; one too short → 400 naming the header", async () => {
      const student = (await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId) })).body;
      const nurse = system.api.token('nurse', { staffId: 'NURSE-1', schoolIds: [schoolId] });
      const records = `/v1/students/${student.id}/health-records`;
      const allergy = { kind: 'condition', category: 'allergy', name: 'Bee sting allergy', severity: 'severe', date: '2026-08-20' };
      expect((await system.api.call('POST', records, { token: nurse, body: allergy })).status).toBe(201);

      const short = await system.api.call('GET', records, { token: nurse, headers: { 'x-access-purpose': 'x' } });
      expect(short.status).toBe(400);
      expect(short.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Purpose' })]);
      const read = await system.api.call('GET', records, { token: nurse, headers: { 'x-access-purpose': 'daily medication round' } });
      expect(read.status).toBe(200);
      const log = await system.api.call('GET', `/v1/students/${student.id}/access-log`, {
        token: system.api.token('school_admin', { schoolIds: [schoolId] }),
      });
      expect(log.body.items).toEqual([expect.objectContaining({ role: 'nurse', purpose: 'daily medication round' })]);
    });
  });

  describe('retries are safe', () => {
    test('the same Idempotency-Key and body → the same answer and one record; another body → 422', async () => {
      const body = guardianBody({ name: { first: 'Retry', last: 'Safe' } });
      const headers = { 'idempotency-key': `create-guardian-${Date.now()}` };
      const first = await system.api.call('POST', '/v1/guardians', { token: admin, body, headers });
      const second = await system.api.call('POST', '/v1/guardians', { token: admin, body, headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const found = await system.api.call('GET', '/v1/guardians?name=safe, retry', { token: admin });
      expect(found.body.items).toHaveLength(1);
      const different = await system.api.call('POST', '/v1/guardians', { token: admin, body: { ...body, phone: '+12175559999' }, headers });
      expect(different.status).toBe(422);
    });

    test('a retried PATCH or DELETE gets its first answer back, not a 412 or 404', async () => {
      const guardian = (
        await system.api.call('POST', '/v1/guardians', { token: admin, body: guardianBody({ name: { first: 'Twice', last: 'Sent' } }) })
      ).body;
      const patch = {
        token: admin,
        headers: { 'if-match': '"1"', 'idempotency-key': `patch-${guardian.id}` },
        body: { preferredLanguage: 'fr' },
      };
      const first = await system.api.call('PATCH', `/v1/guardians/${guardian.id}`, patch);
      const retried = await system.api.call('PATCH', `/v1/guardians/${guardian.id}`, patch);
      expect(first.status).toBe(200);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');

      const remove = { token: admin, headers: { 'idempotency-key': `delete-${guardian.id}` } };
      expect((await system.api.call('DELETE', `/v1/guardians/${guardian.id}`, remove)).status).toBe(200);
      expect((await system.api.call('DELETE', `/v1/guardians/${guardian.id}`, remove)).status).toBe(200);
      const history = await system.api.call('GET', `/v1/guardians/${guardian.id}/history`, { token: admin });
      expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['Deleted', 'Updated', 'Created']);
    });
  });

  describe('lists', () => {
    test("a school's staff directory lists staff assigned to it, searchable by name and paginated", async () => {
      const names = ['Adler', 'Baker', 'Chen', 'Diaz', 'Evans'];
      for (const last of names) {
        const created = await system.api.call('POST', '/v1/staff', {
          token: admin,
          body: staffBody([schoolId, otherSchoolId], { name: { first: 'Pat', last } }),
        });
        expect(created.status).toBe(201);
      }
      const teacher = system.api.token('teacher', { schoolIds: [otherSchoolId] });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await system.api.call('GET', `/v1/schools/${otherSchoolId}/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
          token: teacher,
        });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item: { name: { last: string } }) => item.name.last));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(names);
      const search = await system.api.call('GET', `/v1/schools/${schoolId}/staff?name=ch`, { token: admin });
      expect(search.body.items.map((item: { name: { last: string } }) => item.name.last)).toEqual(['Chen']);
    });

    test("guardian search shows names only, not every family's contact details", async () => {
      await system.api.call('POST', '/v1/guardians', { token: admin, body: guardianBody({ name: { first: 'Private', last: 'Zephyr' } }) });
      const search = await system.api.call('GET', '/v1/guardians?name=zeph', {
        token: system.api.token('counselor', { schoolIds: [schoolId] }),
      });
      expect(search.status).toBe(200);
      expect(search.body.items).toEqual([
        { id: expect.any(String), name: { first: 'Private', last: 'Zephyr' }, preferredLanguage: 'es', version: 1 },
      ]);
    });

    test('a cursor from another list, or a path id no record can have, is a client error, not a 500', async () => {
      for (const last of ['Alpha', 'Beta'])
        await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId, { legalName: { first: 'C', last } }) });
      const page = await system.api.call('GET', `/v1/schools/${schoolId}/students?limit=1`, { token: admin });
      expect(page.body.nextCursor).toBeDefined();
      const student = page.body.items[0].id;
      const history = await system.api.call('GET', `/v1/students/${student}/history?cursor=${page.body.nextCursor}`, { token: admin });
      expect(history.status).toBe(400);
      expect(history.body.errors[0].field).toBe('cursor');
      const empty = await system.api.call('GET', `/v1/students/${student}/history?cursor=e30`, { token: admin });
      expect(empty.status).toBe(400);
      const long = await system.api.call('GET', `/v1/students/${'X'.repeat(3000)}`, { token: admin });
      expect(long.status).toBe(404);
    });

    test("a student's school changes only by a transfer, not by a PATCH", async () => {
      const student = await system.api.call('POST', '/v1/students', { token: admin, body: studentBody(schoolId) });
      const moved = await system.api.call('PATCH', `/v1/students/${student.body.id}`, {
        token: admin,
        headers: { 'if-match': '"1"' },
        body: { schoolId: otherSchoolId },
      });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([{ field: 'schoolId', message: expect.stringContaining('cannot be changed') }]);
    });

    test('guardian search requires a name', async () => {
      const response = await system.api.call('GET', '/v1/guardians', { token: admin });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('name');
    });
  });
});
