import type * as z from 'zod';
import {
  AssignmentSchema,
  checkCourse,
  checkCourseRequest,
  checkSection,
  CourseRequestSchema,
  CourseSchema,
  DropSchema,
  SectionSchema,
  type Course,
  type Section,
} from '../../../domain/scheduling/schemas';
import { recordId } from './generators';

const SCHOOL_ID = recordId('SC', 1);
const COURSE_ID = recordId('C', 1);
const STAFF_A = recordId('T', 1);
const STAFF_B = recordId('T', 2);

/** The dotted paths of a failed parse's issues, e.g. `meetings.0.days.1`. */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.'));
}

const course = {
  schoolId: SCHOOL_ID,
  code: 'ALG2.H',
  title: 'Algebra II Honors',
  subject: 'math',
  gradeLevels: ['10', '11'],
  credits: 1.25,
  prerequisites: ['ALG1'],
};

const section = {
  schoolId: SCHOOL_ID,
  courseId: COURSE_ID,
  schoolYear: '2026-2027',
  termCode: 'S1',
  sectionNumber: '02-H',
  meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
  room: 'B-114',
  teachers: [
    { staffId: STAFF_A, role: 'primary' },
    { staffId: STAFF_B, role: 'co' },
  ],
};

describe('CourseSchema', () => {
  test('accepts a course and fills the defaults', () => {
    const parsed = CourseSchema.parse(course);

    expect(parsed).toMatchObject({ repeatable: false, defaultCapacity: 30, status: 'active', prerequisites: ['ALG1'] });
    expect(checkCourse(parsed)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a code with a space', { code: 'ALG 2' }, 'code'],
    ['a code over 20 characters', { code: 'A'.repeat(21) }, 'code'],
    ['an unknown subject', { subject: 'astrology' }, 'subject'],
    ['no grade levels', { gradeLevels: [] }, 'gradeLevels'],
    ['an unknown grade level', { gradeLevels: ['13'] }, 'gradeLevels.0'],
    ['credits not in quarter steps', { credits: 0.3 }, 'credits'],
    ['credits over 10', { credits: 10.25 }, 'credits'],
    ['negative credits', { credits: -1 }, 'credits'],
    ['eleven prerequisites', { prerequisites: Array.from({ length: 11 }, (_, index) => `C${index}`) }, 'prerequisites'],
    ['a prerequisite that is not a course code', { prerequisites: ['ALG 1'] }, 'prerequisites.0'],
    ['a capacity of 0', { defaultCapacity: 0 }, 'defaultCapacity'],
    ['a capacity over 200', { defaultCapacity: 201 }, 'defaultCapacity'],
    ['a fractional capacity', { defaultCapacity: 20.5 }, 'defaultCapacity'],
    ['an unknown status', { status: 'archived' }, 'status'],
    ['an unknown field', { teacher: 'x' }, ''],
  ])('rejects %s, naming %j', (_case, change, path) => {
    expect(issuePaths(CourseSchema, { ...course, ...change })).toEqual([path]);
  });

  test('credits of 0 and 10 in quarter steps are accepted', () => {
    for (const credits of [0, 0.25, 0.5, 2.75, 10]) expect(issuePaths(CourseSchema, { ...course, credits })).toEqual([]);
  });

  test.each<[string, Partial<Course>, string]>([
    ['a repeated grade level', { gradeLevels: ['10', '10'] }, 'gradeLevels'],
    ['itself as a prerequisite, in any case', { prerequisites: ['alg2.h'] }, 'prerequisites[0]'],
    ['a repeated prerequisite', { prerequisites: ['ALG1', 'alg1'] }, 'prerequisites[1]'],
  ])('checkCourse refuses %s', (_case, change, field) => {
    const parsed = CourseSchema.parse({ ...course, ...change });

    expect(checkCourse(parsed).map((issue) => issue.field)).toEqual([field]);
  });
});

describe('SectionSchema', () => {
  test('accepts a section with weekday meetings and one primary teacher', () => {
    const parsed = SectionSchema.parse(section);

    expect(parsed.status).toBe('active');
    expect(parsed.capacity).toBeUndefined();
    expect(checkSection(parsed)).toEqual([]);
  });

  test('accepts a section on rotation days without teachers', () => {
    const parsed = SectionSchema.parse({ ...section, meetings: [{ period: 'P1', days: ['A'] }], teachers: undefined });

    expect(parsed.teachers).toEqual([]);
    expect(checkSection(parsed)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no meetings', { meetings: [] }, 'meetings'],
    ['eleven meetings', { meetings: Array.from({ length: 11 }, (_, index) => ({ period: `P${index}`, days: ['MON'] })) }, 'meetings'],
    ['a meeting without days', { meetings: [{ period: 'P3', days: [] }] }, 'meetings.0.days'],
    ['a weekend day', { meetings: [{ period: 'P3', days: ['SAT'] }] }, 'meetings.0.days.0'],
    ['a bad period code', { meetings: [{ period: 'P 3', days: ['MON'] }] }, 'meetings.0.period'],
    ['a bad section number', { sectionNumber: '02/H' }, 'sectionNumber'],
    ['a bad school year', { schoolYear: '2026' }, 'schoolYear'],
    ['five teachers', { teachers: Array.from({ length: 5 }, (_, index) => ({ staffId: recordId('T', index), role: 'co' })) }, 'teachers'],
    ['an unknown teacher role', { teachers: [{ staffId: STAFF_A, role: 'aide' }] }, 'teachers.0.role'],
    ['a capacity over 200', { capacity: 201 }, 'capacity'],
    ['a capacity of 0', { capacity: 0 }, 'capacity'],
    ['a course id that is not a record id', { courseId: 'ALG1' }, 'courseId'],
    ['an empty room', { room: '  ' }, 'room'],
  ])('rejects %s, naming %j', (_case, change, path) => {
    expect(issuePaths(SectionSchema, { ...section, ...change })).toEqual([path]);
  });

  test.each<[string, Partial<Section>, string[]]>([
    ['weekdays and rotation days in one meeting', { meetings: [{ period: 'P3', days: ['MON', 'A'] }] }, ['meetings[0].days']],
    [
      'weekday and rotation meetings in one section',
      {
        meetings: [
          { period: 'P3', days: ['MON'] },
          { period: 'P4', days: ['B'] },
        ],
      },
      ['meetings'],
    ],
    ['a day repeated in a meeting', { meetings: [{ period: 'P3', days: ['MON', 'MON'] }] }, ['meetings[0].days[1]']],
    [
      'the same period and day in two meetings',
      {
        meetings: [
          { period: 'P3', days: ['MON', 'WED'] },
          { period: 'P3', days: ['WED'] },
        ],
      },
      ['meetings[1].days[0]'],
    ],
    [
      'two primary teachers',
      {
        teachers: [
          { staffId: STAFF_A, role: 'primary' },
          { staffId: STAFF_B, role: 'primary' },
        ],
      },
      ['teachers'],
    ],
    [
      'a teacher listed twice',
      {
        teachers: [
          { staffId: STAFF_A, role: 'primary' },
          { staffId: STAFF_A, role: 'co' },
        ],
      },
      ['teachers[1].staffId'],
    ],
  ])('checkSection refuses %s', (_case, change, fields) => {
    const parsed = SectionSchema.parse({ ...section, ...change });

    expect(checkSection(parsed).map((issue) => issue.field)).toEqual(fields);
  });
});

describe('CourseRequestSchema', () => {
  const request = {
    schoolYear: '2026-2027',
    termCode: 'S1',
    requests: [
      { courseId: recordId('C', 1), priority: 1, alternates: [recordId('C', 2)] },
      { courseId: recordId('C', 3), priority: 2 },
    ],
  };

  test('accepts requests with and without alternates', () => {
    const parsed = CourseRequestSchema.parse(request);

    expect(parsed.requests[1]!.alternates).toEqual([]);
    expect(checkCourseRequest(parsed)).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ['priority 0', [{ courseId: recordId('C', 1), priority: 0 }], 'requests.0.priority'],
    ['priority 21', [{ courseId: recordId('C', 1), priority: 21 }], 'requests.0.priority'],
    [
      'four alternates',
      [{ courseId: recordId('C', 1), priority: 1, alternates: [2, 3, 4, 5].map((n) => recordId('C', n)) }],
      'requests.0.alternates',
    ],
    ['thirteen requests', Array.from({ length: 13 }, (_, index) => ({ courseId: recordId('C', index), priority: 1 })), 'requests'],
    ['a request without a course', [{ priority: 1 }], 'requests.0.courseId'],
  ])('rejects %s, naming %j', (_case, requests, path) => {
    expect(issuePaths(CourseRequestSchema, { ...request, requests })).toEqual([path]);
  });

  test.each<[string, unknown[], string]>([
    [
      'a course requested twice',
      [
        { courseId: recordId('C', 1), priority: 1 },
        { courseId: recordId('C', 1), priority: 2 },
      ],
      'requests[1].courseId',
    ],
    [
      'a requested course named as an alternate of another',
      [
        { courseId: recordId('C', 1), priority: 1, alternates: [recordId('C', 2)] },
        { courseId: recordId('C', 2), priority: 2 },
      ],
      'requests[1].courseId',
    ],
    [
      'a course as its own alternate',
      [{ courseId: recordId('C', 1), priority: 1, alternates: [recordId('C', 1)] }],
      'requests[0].alternates[0]',
    ],
  ])('checkCourseRequest refuses %s', (_case, requests, field) => {
    const parsed = CourseRequestSchema.parse({ ...request, requests });

    expect(checkCourseRequest(parsed).map((issue) => issue.field)).toEqual([field]);
  });
});

describe('AssignmentSchema and DropSchema', () => {
  test('an assignment body may be empty, or give a reason, or override refusals with a reason', () => {
    expect(issuePaths(AssignmentSchema, {})).toEqual([]);
    expect(issuePaths(AssignmentSchema, { reason: 'Schedule change request' })).toEqual([]);
    expect(issuePaths(AssignmentSchema, { reason: 'Principal approved', override: ['section-full'] })).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ['an override without a reason', { override: ['section-full'] }, 'reason'],
    ['an override of a conflict, which cannot be waived', { reason: 'x', override: ['period-conflict'] }, 'override.0'],
    ['another field', { reason: 'x', sectionId: recordId('X', 1) }, ''],
    ['an empty reason', { reason: ' ' }, 'reason'],
  ])('an assignment refuses %s', (_case, body, path) => {
    expect(issuePaths(AssignmentSchema, body)).toEqual([path]);
  });

  test('a drop needs a reason and nothing else', () => {
    expect(issuePaths(DropSchema, { reason: 'Moved to AP section' })).toEqual([]);
    expect(issuePaths(DropSchema, {})).toEqual(['reason']);
    expect(issuePaths(DropSchema, { reason: 'x', override: [] })).toEqual(['']);
  });
});
