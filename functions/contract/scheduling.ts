/**
 * Contract entries of the scheduling routes and the parent portal (see index.ts). The generic
 * course and section routes get theirs from their record kinds.
 */
import * as z from 'zod';
import { courseRequestsType, guardianType, rosterEntryType, sectionType } from '../../domain/records/record-types';
import { PageQuery } from '../../domain/schemas/common';
import {
  AssignmentSchema,
  CourseRequestSchema,
  DropSchema,
  MeetingSchema,
  RosterAdditionSchema,
  SectionTeacherSchema,
  SnapshotRequestSchema,
  SnapshotRestoreSchema,
  TermScheduleSchema,
} from '../../domain/scheduling/schemas';
import { ChildTermQuery } from '../use-cases/family/family';
import { SnapshotListQuery } from '../use-cases/scheduling/master-schedule';
import { SchedulingRunQuery, SchedulingRunRequestSchema } from '../use-cases/scheduling/scheduling-run';
import { SectionQuery, Term, TermPageQuery } from '../use-cases/scheduling/read-schedules';
import { HEADERS, json, named, page, RefusalSchema, REFUSED } from './answers';
import type { EntrySpec } from './index';
import { recordView } from './shapes';

const Name = z.strictObject({ first: z.string(), last: z.string() }).passthrough();

const RosterPageSchema = named(
  'Roster',
  z.strictObject({
    sectionId: z.string(),
    capacity: z.number().int().optional(),
    items: z.array(
      z.strictObject({
        studentId: z.string(),
        legalName: Name.optional(),
        preferredName: z.strictObject({ first: z.string().optional(), last: z.string().optional() }).optional(),
        gradeLevel: z.string().optional(),
        placedBy: z.enum(['staff', 'scheduler', 'bulk']),
        override: z.array(z.string()).optional(),
        since: z.string(),
        version: z.number().int(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  "A section's roster",
);

const StudentScheduleSchema = named(
  'StudentSchedule',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string(),
    term: z.string(),
    classes: z.array(
      z.strictObject({
        sectionId: z.string(),
        sectionNumber: z.string(),
        courseId: z.string(),
        courseCode: z.string().optional(),
        courseTitle: z.string().optional(),
        credits: z.number().optional(),
        meetings: z.array(MeetingSchema),
        room: z.string().optional(),
        teachers: z.array(SectionTeacherSchema),
      }),
    ),
  }),
  "A student's classes in one term",
);

const sectionPage = (owner: 'schoolId' | 'staffId') =>
  z.strictObject({ [owner]: z.string(), items: z.array(recordView(sectionType)), nextCursor: z.string().optional() });

const OpenSeatsSchema = named(
  'OpenSeats',
  z.strictObject({
    schoolId: z.string(),
    schoolYear: z.string(),
    term: z.string(),
    courses: z.array(
      z.strictObject({
        courseId: z.string(),
        courseCode: z.string().optional(),
        courseTitle: z.string().optional(),
        open: z.number().int(),
        sections: z.array(
          z.strictObject({
            sectionId: z.string(),
            sectionNumber: z.string(),
            capacity: z.number().int(),
            taken: z.number().int(),
            open: z.number().int(),
          }),
        ),
      }),
    ),
  }),
  'Seats left per course and section',
);

const RosterAdditionResultSchema = named(
  'RosterAdditionResult',
  z.strictObject({
    sectionId: z.string(),
    placed: z.number().int(),
    refused: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.strictObject({
        studentId: z.string(),
        status: z.enum(['placed', 'refused', 'failed']),
        refusals: z.array(RefusalSchema).optional(),
        message: z.string().optional(),
      }),
    ),
  }),
);

const ScheduleChangeSchema = named(
  'TermScheduleChange',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string(),
    termCode: z.string(),
    sectionIds: z.array(z.string()),
    added: z.number().int(),
    dropped: z.number().int(),
  }),
);

const SnapshotSchema = named(
  'MasterScheduleSnapshot',
  z.strictObject({
    snapshotId: z.string(),
    schoolId: z.string(),
    schoolYear: z.string(),
    termCode: z.string(),
    name: z.string(),
    number: z.number().int(),
    sectionCount: z.number().int(),
    chunkCount: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
);

const RestoreReportSchema = named(
  'SnapshotRestoreReport',
  z.strictObject({
    snapshotId: z.string(),
    restored: z.array(z.string()),
    deleted: z.array(z.string()),
    unchanged: z.number().int(),
    skipped: z.array(z.strictObject({ sectionId: z.string(), reason: z.string() })),
    transactions: z.number().int(),
  }),
);

const SchoolRef = z.strictObject({ id: z.string(), name: z.string().optional() });

const ChildrenSchema = named(
  'MyChildren',
  z.strictObject({
    items: z.array(
      z.strictObject({ studentId: z.string(), name: Name, gradeLevel: z.string(), school: SchoolRef, relationship: z.string().optional() }),
    ),
  }),
);

const ChildProfileSchema = named(
  'ChildProfile',
  z.strictObject({
    studentId: z.string(),
    districtStudentId: z.string(),
    legalName: Name,
    preferredName: z.strictObject({ first: z.string().optional(), last: z.string().optional() }).optional(),
    birthDate: z.string(),
    gradeLevel: z.string(),
    homeLanguage: z.string(),
    school: z.looseObject({ id: z.string() }),
  }),
);

const ChildScheduleSchema = named(
  'ChildSchedule',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string().optional(),
    term: z.string().optional(),
    termName: z.string().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    classes: z.array(
      z.strictObject({
        sectionId: z.string(),
        courseTitle: z.string().optional(),
        courseCode: z.string().optional(),
        meetings: z.array(z.looseObject({ period: z.string() })),
        room: z.string().optional(),
        teachers: z.array(z.strictObject({ role: z.string(), name: Name.optional(), email: z.string().optional() })),
      }),
    ),
  }),
);

const RunSchema = z.looseObject({
  runId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  termCode: z.string(),
  seed: z.number().int(),
  status: z.enum(['PENDING', 'RUNNING', 'DONE', 'FAILED']),
  progress: z.strictObject({ planned: z.number().int(), written: z.number().int(), lostRace: z.number().int() }),
  totals: z
    .strictObject({ students: z.number().int(), requested: z.number().int(), placed: z.number().int(), unplaced: z.number().int() })
    .optional(),
  runUrl: z.string(),
});

const entryView = recordView(rosterEntryType);
const requestsView = recordView(courseRequestsType);

export const SCHEDULING_CONTRACT: Readonly<Record<string, EntrySpec>> = {
  'GET /v1/schools/{schoolId}/sections': {
    query: SectionQuery,
    answers: { 200: json(sectionPage('schoolId'), "A page of the term's sections") },
  },
  'PUT /v1/sections/{sectionId}/students/{studentId}': {
    body: AssignmentSchema,
    bodyRequired: false,
    answers: { 200: json(entryView, "The student's place in the section", HEADERS.etag), 409: REFUSED },
  },
  'DELETE /v1/sections/{sectionId}/students/{studentId}': {
    body: DropSchema,
    answers: { 200: json(entryView, 'The place, marked dropped', HEADERS.etag) },
  },
  'GET /v1/sections/{sectionId}/students': { query: PageQuery, answers: { 200: json(RosterPageSchema, "A page of the section's roster") } },
  'POST /v1/sections/{sectionId}/roster': {
    body: RosterAdditionSchema,
    answers: { 200: json(RosterAdditionResultSchema, 'A result per student') },
  },
  'GET /v1/students/{studentId}/schedule': { query: Term, answers: { 200: json(StudentScheduleSchema, "The student's classes") } },
  'PUT /v1/students/{studentId}/schedule': {
    body: TermScheduleSchema,
    answers: { 200: json(ScheduleChangeSchema, 'The schedule as set'), 409: REFUSED },
  },
  'GET /v1/staff/{staffId}/sections': {
    query: TermPageQuery,
    answers: { 200: json(sectionPage('staffId'), "A page of the teacher's sections") },
  },
  'GET /v1/schools/{schoolId}/open-seats': { query: Term, answers: { 200: json(OpenSeatsSchema, 'Seats left') } },
  'POST /v1/students/{studentId}/course-requests': {
    body: CourseRequestSchema,
    answers: { 200: json(requestsView, "The term's course requests as set", HEADERS.etag) },
  },
  'GET /v1/students/{studentId}/course-requests': {
    query: PageQuery,
    answers: {
      200: json(z.strictObject({ studentId: z.string(), items: z.array(requestsView), nextCursor: z.string().optional() }), 'Term by term'),
    },
  },
  'POST /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots': {
    body: SnapshotRequestSchema,
    answers: { 201: json(SnapshotSchema, 'The snapshot') },
  },
  'GET /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots': {
    query: SnapshotListQuery,
    answers: { 200: json(page(SnapshotSchema).extend({ schoolId: z.string(), termCode: z.string() }), "A page of the term's snapshots") },
  },
  'POST /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots/{snapshotId}/restore': {
    body: SnapshotRestoreSchema,
    answers: { 200: json(RestoreReportSchema, 'What was restored, deleted, left alone or skipped (and why)') },
  },
  'POST /v1/schools/{schoolId}/terms/{termCode}/scheduling-runs': {
    body: SchedulingRunRequestSchema,
    answers: {
      202: json(named('SchedulingRun', RunSchema), 'Accepted: stored and queued; follow `runUrl`', { Location: "The run's URL." }),
    },
  },
  'GET /v1/schools/{schoolId}/terms/{termCode}/scheduling-runs/{runId}': {
    query: SchedulingRunQuery,
    answers: {
      200: json(
        RunSchema.extend({ students: z.array(z.looseObject({ studentId: z.string() })), nextCursor: z.string().optional() }),
        'The run, and a page of its per-student report once it is done',
      ),
    },
  },
  // 404 on the parent's own routes: the token names a guardian record that staff have since deleted.
  'GET /v1/me': { answers: { 200: json(recordView(guardianType), 'Your guardian record', HEADERS.etag) }, problems: [404] },
  'PATCH /v1/me': {
    body: z.record(z.string(), z.unknown()),
    ifMatch: 'required',
    problems: [404],
    answers: { 200: json(recordView(guardianType), 'Your guardian record as changed', HEADERS.etag) },
  },
  'GET /v1/me/children': { answers: { 200: json(ChildrenSchema, 'Your children with educational rights') } },
  'GET /v1/me/children/{studentId}': { answers: { 200: json(ChildProfileSchema, "A child's profile and school") } },
  'GET /v1/me/children/{studentId}/schedule': { query: ChildTermQuery, answers: { 200: json(ChildScheduleSchema, "A child's classes") } },
};
