import { oneRosterScope } from '../../domain/oneroster/rest-routes';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody, staffBody, studentBody } from '../support/fixtures';
import { biologySection } from '../support/steps';

const R = '/ims/oneroster/rostering/v1p2';
const G = '/ims/oneroster/gradebook/v1p2';

/**
 * OneRoster 1.2 REST as a district's learning platform uses it: a client-credentials token with
 * the roster and gradebook scopes, paging through the students with a filter, the nested
 * collections of a school and a class, the gradebook of a class, and the refusals the binding
 * defines (imsx_StatusInfo) for a bad filter, an unknown id and a missing scope.
 */
describe('OneRoster 1.2 REST', () => {
  let system: TestSystem;
  let admin: string;
  let lms: string;
  let schoolId: string;
  let otherSchoolId: string;
  let sectionId: string;
  let teacherId: string;
  let enrolled: string[];
  let assignmentId: string;

  const codeMinor = (body: any) => body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue;
  const codeMinorFields = (body: any) => body.imsx_CodeMinor.imsx_codeMinorField.map((field: any) => field.imsx_codeMinorFieldName);
  const call = (path: string, token: string) => system.api.call('GET', path, { token });
  const write = (method: string, path: string, token: string, body: unknown) => system.api.call(method, path, { token, body });

  beforeAll(async () => {
    system = await startTestSystem('oneroster');
    admin = system.api.token('district_admin');
    lms = system.api.clientToken('lms', [oneRosterScope('roster.readonly'), oneRosterScope('gradebook.readonly')]);
    schoolId = (await write('POST', '/v1/schools', admin, schoolBody({ name: 'Roster High', type: 'high', gradeLevels: ['09', '10'] })))
      .body.id;
    otherSchoolId = (await write('POST', '/v1/schools', admin, schoolBody({ name: 'Other High', type: 'high', gradeLevels: ['09'] }))).body
      .id;
    await write('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
    // 110 ninth graders and 10 tenth graders here, 5 ninth graders elsewhere.
    const bodies = [
      ...Array.from({ length: 120 }, (_, index) =>
        studentBody(schoolId, {
          gradeLevel: index < 110 ? '09' : '10',
          birthDate: '2011-04-12',
          legalName: { first: `Kid${index}`, last: 'Park' },
        }),
      ),
      ...Array.from({ length: 5 }, () => studentBody(otherSchoolId, { gradeLevel: '09', birthDate: '2011-04-12' })),
    ];
    for (let start = 0; start < bodies.length; start += 10) {
      const created = await Promise.all(bodies.slice(start, start + 10).map((body) => write('POST', '/v1/students', admin, body)));
      for (const answer of created) expect(answer.status).toBe(201);
    }
    // A class of three enrolled students with a teacher, an assignment and scores.
    enrolled = [];
    for (let index = 0; index < 3; index += 1) {
      const accepted = await write('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' }));
      await system.runtime.idle();
      enrolled.push((await call(accepted.body.statusUrl, admin)).body.studentId);
    }
    teacherId = (await write('POST', '/v1/staff', admin, staffBody([schoolId]))).body.id;
    const teacher = system.api.token('teacher', { staffId: teacherId, schoolIds: [schoolId] });
    sectionId = (await biologySection(system, admin, schoolId, teacherId, { days: ['MON', 'WED'] })).body.id;
    for (const studentId of enrolled)
      expect((await write('PUT', `/v1/sections/${sectionId}/students/${studentId}`, admin, {})).status).toBe(200);
    await write('PUT', `/v1/sections/${sectionId}/gradebook/settings`, teacher, {
      mode: 'points',
      categories: [{ id: 'labs', name: 'Labs' }],
      missingCountsAsZero: false,
    });
    assignmentId = (
      await write('POST', `/v1/sections/${sectionId}/gradebook/assignments`, teacher, {
        title: 'Lab 1',
        categoryId: 'labs',
        assignedDate: '2026-09-01',
        dueDate: '2026-09-08',
        maxPoints: 20,
        published: true,
      })
    ).body.assignmentId;
    await write('PUT', `/v1/sections/${sectionId}/assignments/${assignmentId}/scores`, teacher, {
      scores: [
        { studentId: enrolled[0], points: 18 },
        { studentId: enrolled[1], status: 'missing' },
      ],
    });
  }, 240_000);
  afterAll(() => system?.stop());

  test('pages through the ninth graders 50 at a time, with the total and links to the next page', async () => {
    const filter = encodeURIComponent(`grades='09' AND primaryOrg='${schoolId}'`);
    const seen = new Set<string>();
    let path: string | undefined = `${R}/students?limit=50&filter=${filter}`;
    const sizes: number[] = [];
    while (path) {
      const page = await call(path, lms);
      expect(page.status).toBe(200);
      expect(page.headers.get('x-total-count')).toBe('113');
      for (const user of page.body.users) {
        expect(user.roles[0]).toMatchObject({ role: 'student', org: { sourcedId: schoolId, type: 'org' } });
        expect(user.grades).toEqual(['09']);
        seen.add(user.sourcedId);
      }
      sizes.push(page.body.users.length);
      const next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '');
      path = next?.[1];
    }
    expect(sizes).toEqual([50, 50, 13]);
    expect(seen.size).toBe(113);

    const projected = await call(`${R}/students?limit=2&sort=givenName&orderBy=desc&fields=sourcedId,givenName`, lms);
    expect(projected.body.users).toHaveLength(2);
    for (const user of projected.body.users) expect(Object.keys(user).sort()).toEqual(['givenName', 'sourcedId']);
  });

  test("serves a school's and a class's nested collections, the class's enrollments and the student's classes", async () => {
    const schoolStudents = await call(`${R}/schools/${otherSchoolId}/students`, lms);
    expect(schoolStudents.body.users).toHaveLength(5);
    const classes = await call(`${R}/schools/${schoolId}/classes`, lms);
    expect(classes.body.classes).toEqual([
      expect.objectContaining({
        sourcedId: sectionId,
        title: 'Biology 01',
        // The section number, as the CSV export writes it (the same value in both bindings; it imports back unchanged).
        classCode: '01',
        school: expect.objectContaining({ sourcedId: schoolId }),
      }),
    ]);
    const classStudents = await call(`${R}/classes/${sectionId}/students`, lms);
    expect(classStudents.body.users.map((user: { sourcedId: string }) => user.sourcedId).sort()).toEqual([...enrolled].sort());
    const classTeachers = await call(`${R}/classes/${sectionId}/teachers`, lms);
    expect(classTeachers.body.users).toEqual([
      expect.objectContaining({ sourcedId: teacherId, roles: [expect.objectContaining({ role: 'teacher' })] }),
    ]);
    const enrollments = await call(`${R}/schools/${schoolId}/enrollments?filter=${encodeURIComponent("role='teacher'")}`, lms);
    expect(enrollments.body.enrollments).toEqual([expect.objectContaining({ sourcedId: `${sectionId}.${teacherId}`, primary: 'true' })]);
    expect((await call(`${R}/students/${enrolled[0]}/classes`, lms)).body.classes.map((c: { sourcedId: string }) => c.sourcedId)).toEqual([
      sectionId,
    ]);
    expect((await call(`${R}/teachers/${teacherId}/classes`, lms)).body.classes).toHaveLength(1);
    const terms = await call(`${R}/schools/${schoolId}/terms`, lms);
    expect(terms.body.academicSessions.map((term: { title: string }) => term.title)).toEqual(['Fall semester', 'Spring semester']);
    const term = await call(`${R}/terms/${encodeURIComponent(`${schoolId}.2026-2027.term.S1`)}/classes`, lms);
    expect(term.body.classes).toHaveLength(1);
    const org = await call(`${R}/orgs/${schoolId}`, lms);
    expect(org.body.org).toMatchObject({ sourcedId: schoolId, type: 'school', name: 'Roster High', parent: { sourcedId: 'district' } });
    const demographics = await call(`${R}/demographics/${enrolled[0]}`, lms);
    expect(demographics.body.demographics).toMatchObject({ sourcedId: enrolled[0], birthDate: '2019-05-10', sex: 'male' });
  });

  test("serves a class's line items and results", async () => {
    const lineItems = await call(`${G}/classes/${sectionId}/lineItems`, lms);
    expect(lineItems.body.lineItems).toEqual([
      expect.objectContaining({
        // The assignment's id, as the export's lineItems.csv has it.
        sourcedId: assignmentId,
        title: 'Lab 1',
        resultValueMax: 20,
        category: expect.objectContaining({ sourcedId: `${sectionId}.labs` }),
      }),
    ]);
    const results = await call(`${G}/classes/${sectionId}/lineItems/${assignmentId}/results?sort=score&orderBy=desc`, lms);
    expect(results.body.results.map((entry: { score?: number; scoreStatus: string }) => [entry.score, entry.scoreStatus])).toEqual([
      [18, 'fully graded'],
      [undefined, 'not submitted'],
    ]);
    const mine = await call(`${G}/classes/${sectionId}/students/${enrolled[0]}/results`, lms);
    expect(mine.body.results).toEqual([
      expect.objectContaining({ score: 18, student: expect.objectContaining({ sourcedId: enrolled[0] }) }),
    ]);
    expect((await call(`${G}/categories/${sectionId}.labs`, lms)).body.category).toMatchObject({ title: 'Labs' });
  });

  test('refuses a bad filter, unknown fields and an unknown sourcedId with imsx_StatusInfo', async () => {
    const badFilter = await call(`${R}/students?filter=${encodeURIComponent("shoeSize='42'")}`, lms);
    expect(badFilter.status).toBe(400);
    expect(badFilter.headers.get('content-type')).toContain('application/json');
    expect(badFilter.body).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error' });
    expect(codeMinor(badFilter.body)).toBe('invalid_filter_field');
    const unquoted = await call(`${R}/students?filter=${encodeURIComponent('givenName=Kid1')}`, lms);
    expect(codeMinor(unquoted.body)).toBe('invalid_filter_field');
    const badFields = await call(`${R}/students?fields=sourcedId,shoeSize`, lms);
    expect([badFields.status, codeMinor(badFields.body)]).toEqual([400, 'invalid_selection_field']);
    const unknown = await call(`${R}/students/NOPE`, lms);
    expect([unknown.status, codeMinor(unknown.body)]).toEqual([404, 'unknownobject']);
    const unknownParent = await call(`${R}/classes/NOPE/students`, lms);
    expect([unknownParent.status, codeMinor(unknownParent.body)]).toEqual([404, 'unknownobject']);
  });

  test("needs a vendor's token with the right scope: none or a staff ID token is 401, a vendor without roster.readonly a 403 imsx_StatusInfo for demographics", async () => {
    expect((await system.api.call('GET', `${R}/students`)).status).toBe(401);
    // Staff tokens are not in the OneRoster routes' audience (decision 0139): the authorizer refuses them.
    expect((await call(`${R}/students`, admin)).status).toBe(401);
    // The default vendors' tokens, as `npm run token -- --oneroster <vendor>` mints them: exactly their configured scopes
    // (decision 0155). The library system has the roster core alone.
    const core = system.api.vendorToken('library');
    expect((await call(`${R}/students?limit=1`, core)).status).toBe(200);
    // The REST binding's answer to a missing scope, not API Gateway's {"message":"Forbidden"} (decision 0107).
    const demographics = await call(`${R}/demographics`, core);
    expect([demographics.status, codeMinor(demographics.body)]).toEqual([403, 'forbidden']);
    expect((await call(`${G}/lineItems`, core)).status).toBe(403);
    // The learning platform reads the roster and the gradebook, but not demographics (no roster.readonly).
    const platform = system.api.vendorToken('learning-platform');
    expect((await call(`${R}/students?limit=1`, platform)).status).toBe(200);
    expect((await call(`${G}/lineItems?limit=1`, platform)).status).toBe(200);
    const platformDemographics = await call(`${R}/demographics/${enrolled[0]}`, platform);
    expect([platformDemographics.status, codeMinor(platformDemographics.body)]).toEqual([403, 'forbidden']);
    const gradebookOnly = system.api.clientToken('lms2', [oneRosterScope('gradebook.readonly')]);
    expect((await call(`${R}/students`, gradebookOnly)).status).toBe(403);
  });

  test("grade passback: a platform's line item and score are the teacher's, tell the family, and come back over REST", async () => {
    const events: { 'detail-type': string; detail: unknown }[] = [];
    system.runtime.bus.onEvent((event) => events.push(event));
    const platform = system.api.clientToken('lms-passback', [
      oneRosterScope('gradebook.createput'),
      oneRosterScope('gradebook.delete'),
      oneRosterScope('gradebook.readonly'),
    ]);
    const lineItem = {
      lineItem: {
        title: 'Lab 2 (from the platform)',
        assignDate: '2026-09-09T00:00:00Z',
        dueDate: '2026-09-10T00:00:00Z',
        class: { sourcedId: sectionId },
        // The class's own category, by the sourcedId the gradebook read serves it under.
        category: { sourcedId: `${sectionId}.labs` },
        resultValueMax: 20,
      },
    };
    const put = (path: string, body: unknown, token = platform) => write('PUT', `${G}${path}`, token, body);
    expect((await put('/lineItems/lms-lab-2', lineItem)).status).toBe(201);
    expect((await put('/lineItems/lms-lab-2', lineItem)).status).toBe(200);
    const result = { result: { lineItem: { sourcedId: 'lms-lab-2' }, student: { sourcedId: enrolled[2] }, scoreStatus: 'not submitted' } };
    const posted = await put('/results/lms-lab-2-s2', result);
    expect(posted.status).toBe(201);
    expect(posted.body.result).toMatchObject({ sourcedId: 'lms-lab-2-s2', scoreStatus: 'not submitted', status: 'active' });
    await system.runtime.idle();

    // The teacher's gradebook (read by the office here): the assignment, and the student's work missing.
    const assignments = (await call(`/v1/sections/${sectionId}/gradebook/assignments`, admin)).body.items as Record<string, unknown>[];
    const lab2 = assignments.find((item) => item.title === 'Lab 2 (from the platform)')!;
    expect(lab2).toMatchObject({ maxPoints: 20, categoryId: 'labs', published: true, updatedBy: 'lms-passback' });
    const scores = (await call(`/v1/sections/${sectionId}/assignments/${String(lab2.assignmentId)}/scores`, admin)).body;
    expect(scores.scores).toEqual([expect.objectContaining({ studentId: enrolled[2], status: 'missing' })]);
    // The same notice a teacher's post sets off.
    expect(
      events
        .filter((event) => event['detail-type'] === 'Assignment Missing')
        .map((event) => (event.detail as { studentId: string; assignmentId: string }).assignmentId),
    ).toEqual([lab2.assignmentId]);
    expect((await call(`${G}/results/lms-lab-2-s2`, platform)).body.result).toMatchObject({ student: { sourcedId: enrolled[2] } });

    // Refusals are imsx_StatusInfo naming the field; a read-only token may not write; DELETE marks tobedeleted.
    const bad = await put('/lineItems/lms-lab-3', { lineItem: { ...lineItem.lineItem, class: { sourcedId: 'NOPE' } } });
    expect([bad.status, codeMinor(bad.body), codeMinorFields(bad.body)]).toEqual([400, 'invaliddata', ['lineItem.class']]);
    const readOnly = await put('/results/lms-lab-2-s2', result, lms);
    expect([readOnly.status, codeMinor(readOnly.body)]).toEqual([403, 'forbidden']);
    expect((await system.api.call('PUT', `${G}/results/lms-lab-2-s2`, { body: result })).status).toBe(401);
    expect((await write('DELETE', `${G}/lineItems/lms-lab-2`, platform, undefined)).status).toBe(204);
    expect((await call(`${G}/lineItems/lms-lab-2`, platform)).body.lineItem).toMatchObject({ status: 'tobedeleted' });
    const gone = (await call(`/v1/sections/${sectionId}/gradebook/assignments`, admin)).body.items as Record<string, unknown>[];
    expect(gone.map((item) => item.title)).toEqual(['Lab 1']);
  });
});
