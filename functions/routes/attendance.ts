import * as z from 'zod';
import { SectionAttendanceSchema } from '../../domain/attendance/attendance';
import { OfficeEntrySchema } from '../../domain/attendance/daily';
import { attendanceCodeType } from '../../domain/records/record-types';
import { IsoDate, RecordId } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { respondOnce, respondWritten, writeContext } from '../http/idempotency';
import { recordRoutes, records } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served, type ApiRequest } from '../http/route';
import { getServices } from '../services';
import { recordOfficeAttendance } from '../use-cases/attendance/office-attendance';
import {
  attendanceCodes,
  averageDailyAttendance,
  chronicAbsence,
  missingAttendance,
  schoolDailyReport,
  sectionAttendance,
  studentAttendance,
  teacherMissingAttendance,
} from '../use-cases/attendance/read-attendance';
import { AttendanceRangeQuery, ChronicAbsenceQuery, takeAttendance } from '../use-cases/attendance/take-attendance';

const CodesQuery = z.object({ schoolId: RecordId.optional() });
const date = (request: ApiRequest<'date'>) => parseOrThrow(IsoDate, request.pathParameters.date, ['date']);

/** Attendance: the code table, a section's marks for a day, a student's record, and the school's daily reports. */
export const ATTENDANCE_ROUTES = served('attendance', [
  route({
    method: 'GET',
    path: '/v1/attendance-codes',
    access: { resource: 'attendanceCode', action: 'list' },
    operationId: 'listAttendanceCodes',
    summary: "The attendance codes in force (a school's with ?schoolId=)",
    contract: (c) => ({ query: CodesQuery, answers: { 200: c.json(c.AttendanceCodesView, 'The codes in force') } }),
    run: async (request) => ok(await attendanceCodes(getServices(), parseOrThrow(CodesQuery, request.query).schoolId, request.principal)),
  }),
  ...recordRoutes(records(attendanceCodeType), {
    collection: '/v1/attendance-codes',
    item: '/v1/attendance-codes/{code}',
    only: ['create', 'read', 'update'],
    summaries: {
      create: 'Add an attendance code (the district, or a school with schoolId)',
      read: 'Read a stored attendance code',
      update: 'Change an attendance code (its name, funding or status; never its category)',
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/sections/{sectionId}/attendance/{date}',
    access: { resource: 'attendance', action: 'create' },
    operationId: 'takeAttendance',
    summary: "Take or correct a section's attendance for a day: the whole roster at once",
    contract: (c) => ({ body: SectionAttendanceSchema, answers: { 200: c.json(c.AttendanceResultSchema, 'The marks as taken') } }),
    // The submission reads its idempotency record in its own BatchGetItem: a roster stays at 3 calls with an Idempotency-Key.
    run: async (request) => {
      const { sectionId, date } = request.pathParameters;
      return respondWritten(await takeAttendance(getServices(), sectionId, date, request.body, writeContext(request)), ok);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/attendance/{date}',
    access: { resource: 'attendance', action: 'read' },
    operationId: 'sectionAttendance',
    summary: "A section's marks for a day",
    contract: (c) => ({ answers: { 200: c.json(c.SectionDaySchema, "The day's marks") }, problems: [400] }),
    run: async (request) => ok(await sectionAttendance(getServices(), request.pathParameters.sectionId, date(request), request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/attendance',
    access: { resource: 'studentAttendance', action: 'read' },
    operationId: 'studentAttendance',
    summary: "A student's days (status under the school's rule), marks and summary over a date range",
    contract: (c) => ({
      query: AttendanceRangeQuery,
      answers: { 200: c.json(c.StudentAttendanceSchema, "The student's marks and summary") },
    }),
    run: async (request) =>
      ok(
        await studentAttendance(
          getServices(),
          request.pathParameters.studentId,
          parseOrThrow(AttendanceRangeQuery, request.query),
          request.principal,
        ),
      ),
  }),
  route({
    method: 'PUT',
    path: '/v1/students/{studentId}/attendance/{date}',
    access: { resource: 'officeAttendance', action: 'create' },
    operationId: 'recordOfficeAttendance',
    summary: "The attendance office's entry for a student's day: all-day absence, late arrival, early dismissal",
    contract: (c) => ({ body: OfficeEntrySchema, answers: { 200: c.json(c.OfficeAttendanceRecorded, 'The office entry as kept') } }),
    run: async (request) => {
      const { studentId, date } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(context, () => recordOfficeAttendance(getServices(), studentId, date, request.body, context), ok);
    },
  }),
  // Before `/attendance/{date}`: a literal segment is matched first (as API Gateway does).
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/attendance/ada',
    access: { resource: 'attendance', action: 'list' },
    operationId: 'averageDailyAttendance',
    summary: 'Average daily attendance over a date range, per day and in all',
    contract: (c) => ({
      query: AttendanceRangeQuery,
      answers: { 200: c.json(c.AverageDailyAttendanceSchema, 'Attendance per day and over the range') },
    }),
    run: async (request) =>
      ok(
        await averageDailyAttendance(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(AttendanceRangeQuery, request.query),
          request.principal,
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/chronic-absence',
    access: { resource: 'attendance', action: 'list' },
    operationId: 'chronicAbsence',
    summary: 'The students who missed at least 10% of their days enrolled in a school year',
    contract: (c) => ({
      query: ChronicAbsenceQuery,
      answers: { 200: c.json(c.ChronicAbsenceSchema, 'The chronically absent students, most absent first') },
    }),
    run: async (request) =>
      ok(
        await chronicAbsence(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(ChronicAbsenceQuery, request.query).schoolYear,
          request.principal,
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/attendance/{date}',
    access: { resource: 'attendance', action: 'list' },
    operationId: 'schoolDailyReport',
    summary: "The school's day: students absent or late (daily status), their absences and tardies",
    contract: (c) => ({ answers: { 200: c.json(c.SchoolDayReportSchema, "The day's absences and tardies") }, problems: [400] }),
    run: async (request) => ok(await schoolDailyReport(getServices(), request.pathParameters.schoolId, date(request), request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/attendance/{date}/missing',
    access: { resource: 'attendance', action: 'list' },
    operationId: 'missingAttendance',
    summary: 'The sections that meet that day and have not taken attendance yet',
    contract: (c) => ({ answers: { 200: c.json(c.MissingAttendanceSchema, 'The sections still to take attendance') }, problems: [400] }),
    run: async (request) => ok(await missingAttendance(getServices(), request.pathParameters.schoolId, date(request), request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/staff/{staffId}/attendance/{date}/missing',
    access: { resource: 'attendanceDue', action: 'list' },
    operationId: 'teacherMissingAttendance',
    summary: "A teacher's own sections that meet that day and have not taken attendance yet (the teacher, or the school's office)",
    contract: (c) => ({
      answers: { 200: c.json(c.TeacherMissingAttendanceSchema, 'The sections still to take attendance, by period') },
      problems: [400, 404],
    }),
    run: async (request) =>
      ok(await teacherMissingAttendance(getServices(), request.pathParameters.staffId, date(request), request.principal)),
  }),
]);
