import { RECORD_TYPES, studentType } from '../../domain/records/record-types';
import {
  CATALOG,
  catalogEntry,
  currentDetail,
  detailTypeOf,
  RECORD_ACTIONS,
  recordEventDetailSchema,
  recordEventDetailSchemaV1,
  SOURCES,
} from '../../events/catalog';

const STUDENT_ID = '01JBQ7ZK3M8W2XN5R4T6V9Y0CD';
const SCHOOL_ID = '01JA8M2P4Q6R8S0T2V4W6X8Y0Z';

function studentCreatedDetailV1() {
  return {
    eventId: '01JBQ7ZK3MZZP0H6B9A1C2D3E4',
    eventVersion: 1,
    occurredAt: '2026-08-20T14:03:11.482Z',
    actor: { sub: '7c1e2f9a-5b3d-4e8f-9a0b-1c2d3e4f5a6b', roles: ['school_admin'] },
    reason: 'New enrollment, transfer from Riverside District',
    recordType: 'student',
    ids: { studentId: STUDENT_ID },
    schoolIds: [SCHOOL_ID],
    changedFields: ['districtStudentId', 'schoolId', 'legalName', 'birthDate', 'gender', 'gradeLevel', 'homeLanguage'],
    record: {
      id: STUDENT_ID,
      version: 1,
      createdAt: '2026-08-20T14:03:11.482Z',
      createdBy: '7c1e2f9a-5b3d-4e8f-9a0b-1c2d3e4f5a6b',
      updatedAt: '2026-08-20T14:03:11.482Z',
      updatedBy: '7c1e2f9a-5b3d-4e8f-9a0b-1c2d3e4f5a6b',
      districtStudentId: 'S-2026-00417',
      schoolId: SCHOOL_ID,
      legalName: { first: 'Amara', last: 'Okonkwo' },
      birthDate: '2016-04-02',
      gender: 'female',
      gradeLevel: '04',
      homeLanguage: 'ig',
    },
  };
}

function studentCreatedDetail() {
  const { record, ...common } = studentCreatedDetailV1();
  return { ...common, eventVersion: 2, recordVersion: record.version };
}

describe('the event catalog', () => {
  test.each(RECORD_TYPES.flatMap((type) => RECORD_ACTIONS.map((action) => [type.label, action, type] as const)))(
    '"%s %s" is in the catalog under its record type’s source',
    (_label, action, type) => {
      // Act
      const entry = catalogEntry(type.source, detailTypeOf(type, action));

      // Assert
      expect(entry).toBeDefined();
      expect(entry?.version).toBe(2);
      expect(entry?.previous?.version).toBe(1);
    },
  );

  test('no two entries share a source and detail-type', () => {
    const pairs = CATALOG.map((entry) => `${entry.source}|${entry.detailType}`);

    expect(new Set(pairs).size).toBe(pairs.length);
    // Every record type's lifecycle, plus the three enrollment events, the schedule change, three attendance events, three gradebook
    // events, and the lifecycles of the four confidential record kinds (ids only).
    expect(pairs).toHaveLength(RECORD_TYPES.length * RECORD_ACTIONS.length + 3 + 1 + 3 + 3 + 4 * RECORD_ACTIONS.length);
  });

  test('school and calendar events come from sis.schools, people from sis.people, enrollment from sis.enrollment, scheduling from sis.scheduling', () => {
    expect([...SOURCES].sort()).toEqual([
      'sis.attendance',
      'sis.counseling',
      'sis.enrollment',
      'sis.gradebook',
      'sis.health',
      'sis.people',
      'sis.scheduling',
      'sis.schools',
    ]);
    expect(catalogEntry('sis.enrollment', 'Student Enrolled')).toBeDefined();
    expect(catalogEntry('sis.enrollment', 'Enrollment Rejected')).toBeDefined();
    expect(catalogEntry('sis.enrollment', 'Student Withdrawn')).toBeDefined();
    expect(catalogEntry('sis.schools', 'School Year Updated')).toBeDefined();
    expect(catalogEntry('sis.people', 'Staff Member Deleted')).toBeDefined();
  });

  test('an event the catalog does not know is not found, even under another source', () => {
    expect(catalogEntry('sis.people', 'Student Expelled')).toBeUndefined();
    expect(catalogEntry('sis.schools', 'Student Created')).toBeUndefined();
  });
});

describe('the "Student Created" detail schema', () => {
  const schema = catalogEntry('sis.people', 'Student Created')!.schema;

  test('accepts a valid detail', () => {
    // Act
    const result = schema.safeParse(studentCreatedDetail());

    // Assert
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(studentCreatedDetail());
  });

  test('rejects a detail without the record version', () => {
    // Arrange
    const { recordVersion: _recordVersion, ...detail } = studentCreatedDetail();

    // Act
    const result = schema.safeParse(detail);

    // Assert
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['recordVersion']);
  });

  test('drops the values of a record if a writer passes them (names of the changed fields only)', () => {
    const result = schema.safeParse({ ...studentCreatedDetail(), record: studentCreatedDetailV1().record });

    expect(result.data).toEqual(studentCreatedDetail());
    expect(JSON.stringify(result.data)).not.toContain('Okonkwo');
  });

  test('rejects a detail whose recordType is not student', () => {
    const result = schema.safeParse({ ...studentCreatedDetail(), recordType: 'guardian' });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['recordType']);
  });

  test('a version-1 detail (the whole record) still reads with the version-1 schema, and is upgraded without the record', () => {
    // Arrange
    const entry = catalogEntry('sis.people', 'Student Created')!;

    // Act
    const v1 = recordEventDetailSchemaV1(studentType).safeParse(studentCreatedDetailV1());
    const upgraded = currentDetail(entry, studentCreatedDetailV1());

    // Assert
    expect(v1.error).toBeUndefined();
    expect(upgraded).toEqual(studentCreatedDetail());
  });

  test('a version-1 record that is not a valid student is still refused', () => {
    const detail = studentCreatedDetailV1();

    const result = recordEventDetailSchemaV1(studentType).safeParse({ ...detail, record: { ...detail.record, gradeLevel: '13' } });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['record.gradeLevel']);
  });

  test('rejects a detail from a future event version it does not understand', () => {
    const result = recordEventDetailSchema(studentType).safeParse({ ...studentCreatedDetail(), eventVersion: 3 });

    expect(result.success).toBe(false);
  });
});

describe('backward compatibility', () => {
  /**
   * A version-1 event exactly as EventBridge delivered it (and as consumers and archives hold it).
   * Never edit this fixture to make the test pass: if it stops parsing, the change to the schema
   * breaks events already published; publish a new eventVersion instead.
   */
  const STORED_V1_GUARDIAN_LINK_UPDATED = `{
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "Guardian Link Updated",
    "source": "sis.people",
    "account": "111122223333",
    "time": "2026-09-03T16:22:41Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {
      "eventId": "01JC3T9V5W7X9Y1Z3A5B7C9D1E",
      "eventVersion": 1,
      "occurredAt": "2026-09-03T16:22:40.917Z",
      "actor": { "sub": "0f4d9c2e-8a1b-4c3d-9e5f-6a7b8c9d0e1f", "roles": ["counselor"] },
      "reason": "Court order 2026-FC-1182 received; father no longer picks up",
      "recordType": "guardianLink",
      "ids": { "studentId": "01JBQ7ZK3M8W2XN5R4T6V9Y0CD", "guardianId": "01JBQ80000A1B2C3D4E5F6G7H8" },
      "schoolIds": ["01JA8M2P4Q6R8S0T2V4W6X8Y0Z"],
      "changedFields": ["custody", "mayPickUp"],
      "record": {
        "id": "01JBQ80000A1B2C3D4E5F6G7H8",
        "version": 3,
        "createdAt": "2026-08-20T14:05:02.113Z",
        "createdBy": "7c1e2f9a-5b3d-4e8f-9a0b-1c2d3e4f5a6b",
        "updatedAt": "2026-09-03T16:22:40.917Z",
        "updatedBy": "0f4d9c2e-8a1b-4c3d-9e5f-6a7b8c9d0e1f",
        "guardianId": "01JBQ80000A1B2C3D4E5F6G7H8",
        "relationship": "father",
        "custody": false,
        "educationalRights": true,
        "mayContact": true,
        "livesWith": false,
        "emergencyContact": false,
        "mayPickUp": false,
        "contactPriority": 2,
        "phone": "+12175550188"
      }
    }
  }`;

  test('a stored version-1 event still parses with the catalog’s version-1 schema, and upgrades to version 2 without the phone', () => {
    // Arrange
    const stored = JSON.parse(STORED_V1_GUARDIAN_LINK_UPDATED) as { source: string; 'detail-type': string; detail: unknown };

    // Act
    const entry = catalogEntry(stored.source, stored['detail-type'])!;
    const result = entry.previous?.schema.safeParse(stored.detail);
    const upgraded = currentDetail(entry, stored.detail);

    // Assert
    expect(entry.previous?.version).toBe(1);
    expect(result?.error).toBeUndefined();
    expect(result?.data).toMatchObject({ changedFields: ['custody', 'mayPickUp'], record: { custody: false, mayPickUp: false } });
    expect(upgraded).toMatchObject({ eventVersion: 2, recordVersion: 3, changedFields: ['custody', 'mayPickUp'] });
    expect(JSON.stringify(upgraded)).not.toContain('+12175550188');
  });
});

describe('confidential record events', () => {
  test('carry ids and the kind, never contents: any other field is dropped before the event is written', () => {
    const entry = catalogEntry('sis.health', 'Health Record Created')!;
    const detail = {
      eventId: 'E1',
      eventVersion: 1,
      occurredAt: '2026-09-02T10:00:00Z',
      actor: { sub: 'nurse', roles: ['nurse'] },
      recordType: 'healthRecord',
      ids: { studentId: 'S1', recordId: 'R1' },
      schoolIds: ['SCH1'],
      changedFields: [],
      kind: 'condition',
    };
    expect(entry.schema.safeParse(detail).success).toBe(true);
    expect(Object.keys(entry.schema.parse({ ...detail, record: { name: 'Peanut allergy' } }) as object)).not.toContain('record');
  });
});
