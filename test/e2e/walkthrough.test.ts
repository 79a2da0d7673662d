import type { EventEnvelope } from '../../infra/local/event-bus';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { guardianBody, linkBody, schoolBody, studentBody } from '../support/fixtures';

/**
 * The walk-through in docs/walkthrough.md, as a district's staff would do it over HTTP with real tokens:
 * a school, a student, a guardian and their link; a stale update refused; delete and restore;
 * the history; and the domain events arriving on the bus and in the school's activity log.
 */
describe('walk-through over the local HTTP API', () => {
  let system: TestSystem;
  let admin: string;
  const events: EventEnvelope[] = [];

  beforeAll(async () => {
    system = await startTestSystem('walkthrough');
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
  });
  afterAll(() => system?.stop());

  test('a school, a student and a guardian are created, linked, changed, deleted, restored and audited', async () => {
    const { api } = system;

    // A district admin creates a school.
    const school = await api.call('POST', '/v1/schools', { token: admin, body: schoolBody({ name: 'Walkthrough Elementary' }) });
    expect(school.status).toBe(201);
    expect(school.headers.get('location')).toBe(`/v1/schools/${school.body.id}`);
    const schoolId: string = school.body.id;

    // The school's admin registers a student there.
    const schoolAdmin = api.token('school_admin', { schoolIds: [schoolId] });
    const student = await api.call('POST', '/v1/students', { token: schoolAdmin, body: studentBody(schoolId) });
    expect(student.status).toBe(201);
    expect(student.headers.get('etag')).toBe('"1"');
    const studentId: string = student.body.id;

    // …and the student's mother, linked with educational rights.
    const guardian = await api.call('POST', '/v1/guardians', { token: schoolAdmin, body: guardianBody() });
    expect(guardian.status).toBe(201);
    const guardianId: string = guardian.body.id;
    const link = await api.call('POST', `/v1/students/${studentId}/guardians`, { token: schoolAdmin, body: linkBody(guardianId) });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ studentId, guardianId, relationship: 'mother', educationalRights: true });

    // The mother, signed in to the parent portal, sees her child and her child's guardians.
    const parent = api.token('parent', { guardianId });
    expect((await api.call('GET', `/v1/students/${studentId}`, { token: parent })).status).toBe(200);
    const guardians = await api.call('GET', `/v1/students/${studentId}/guardians`, { token: parent });
    expect(guardians.body.items.map((item: { guardianId: string }) => item.guardianId)).toEqual([guardianId]);

    // Two staff members edit the same version: the second write is refused, not lost.
    const first = await api.call('PATCH', `/v1/students/${studentId}`, {
      token: schoolAdmin,
      headers: { 'if-match': '"1"', 'x-change-reason': 'Moved up a grade after assessment' },
      body: { gradeLevel: '04' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ gradeLevel: '04', version: 2 });
    const stale = await api.call('PATCH', `/v1/students/${studentId}`, {
      token: schoolAdmin,
      headers: { 'if-match': '"1"' },
      body: { homeLanguage: 'en' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    expect((await api.call('GET', `/v1/students/${studentId}`, { token: schoolAdmin })).body.homeLanguage).toBe('es');

    // Deleted by mistake, then restored.
    const deleted = await api.call('DELETE', `/v1/students/${studentId}`, {
      token: schoolAdmin,
      headers: { 'x-change-reason': 'Entered twice' },
    });
    expect(deleted.status).toBe(200);
    expect((await api.call('GET', `/v1/students/${studentId}`, { token: schoolAdmin })).status).toBe(404);
    const listed = await api.call('GET', `/v1/schools/${schoolId}/students`, { token: schoolAdmin });
    expect(listed.body.items).toEqual([]);
    const restored = await api.call('POST', `/v1/students/${studentId}/restore`, {
      token: schoolAdmin,
      body: { reason: 'Not a duplicate after all' },
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ gradeLevel: '04', version: 4 });
    expect(restored.body.deletedAt).toBeUndefined();

    // An old version is brought back as a new version.
    const back = await api.call('POST', `/v1/students/${studentId}/restore`, {
      token: schoolAdmin,
      body: { version: 1, reason: 'Grade change reverted' },
    });
    expect(back.body).toMatchObject({ gradeLevel: '03', version: 5 });

    // The history tells who changed what, when and why, newest first.
    const history = await api.call('GET', `/v1/students/${studentId}/history`, { token: schoolAdmin });
    expect(history.status).toBe(200);
    expect(history.body.items.map((entry: { version: number; action: string }) => [entry.version, entry.action])).toEqual([
      [5, 'Restored'],
      [4, 'Restored'],
      [3, 'Deleted'],
      [2, 'Updated'],
      [1, 'Created'],
    ]);
    expect(history.body.items[3]).toMatchObject({ reason: 'Moved up a grade after assessment', record: { gradeLevel: '04' } });

    // The changes reached the bus as domain events, and the school's activity log.
    await system.runtime.idle();
    const studentEvents = events.filter(
      (event) => event.source === 'sis.people' && (event.detail as { ids: { studentId?: string } }).ids.studentId === studentId,
    );
    expect(studentEvents.map((event) => event['detail-type'])).toEqual(
      expect.arrayContaining(['Student Created', 'Student Updated', 'Student Deleted', 'Student Restored', 'Guardian Link Created']),
    );
    const created = studentEvents.find((event) => event['detail-type'] === 'Student Created')!;
    expect(created.detail).toMatchObject({ schoolIds: [schoolId], ids: { studentId }, recordVersion: 1, eventVersion: 2 });
    // Events carry ids and the names of what changed, never the student's name (decision 0080).
    expect(JSON.stringify(studentEvents)).not.toContain('Garcia');

    const activity = await api.call('GET', `/v1/schools/${schoolId}/activity`, { token: schoolAdmin });
    expect(activity.status).toBe(200);
    expect(activity.body.items.map((entry: { detailType: string }) => entry.detailType)).toEqual(
      expect.arrayContaining([
        'School Created',
        'Student Created',
        'Student Updated',
        'Student Deleted',
        'Student Restored',
        'Guardian Link Created',
      ]),
    );
    const update = activity.body.items.find((entry: { detailType: string }) => entry.detailType === 'Student Updated');
    expect(update).toMatchObject({ reason: 'Moved up a grade after assessment', changedFields: ['gradeLevel'] });

    // Nothing was given up on along the way.
    expect(await system.runtime.deadLetters()).toEqual({});
  });
});
