import * as z from 'zod';
import { IsoDate, RecordId } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type ApiRequest, type ApiResponse, type RouteHandler } from '../http/api-handler';
import { respondOnce, respondWritten, writeContext } from '../http/idempotency';
import { routeHandler } from '../http/record-routes';
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
} from '../use-cases/attendance/read-attendance';
import { AttendanceRangeQuery, ChronicAbsenceQuery, takeAttendance } from '../use-cases/attendance/take-attendance';

const CodesQuery = z.object({ schoolId: RecordId.optional() });
const param = (request: ApiRequest, name: string) => request.pathParameters[name]!;
const date = (request: ApiRequest) => parseOrThrow(IsoDate, param(request, 'date'), ['date']);
const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });

const operations: Record<string, RouteHandler> = {
  listAttendanceCodes: async (request) =>
    ok(await attendanceCodes(getServices(), parseOrThrow(CodesQuery, request.query).schoolId, request.principal)),
  // The submission reads its idempotency record in its own BatchGetItem: a roster stays at 3 calls with an Idempotency-Key.
  takeAttendance: async (request) => {
    const context = writeContext(request);
    return respondWritten(
      await takeAttendance(getServices(), param(request, 'sectionId'), param(request, 'date'), request.body, context),
      ok,
    );
  },
  recordOfficeAttendance: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => recordOfficeAttendance(getServices(), param(request, 'studentId'), param(request, 'date'), request.body, context),
      ok,
    );
  },
  averageDailyAttendance: async (request) =>
    ok(
      await averageDailyAttendance(
        getServices(),
        param(request, 'schoolId'),
        parseOrThrow(AttendanceRangeQuery, request.query),
        request.principal,
      ),
    ),
  chronicAbsence: async (request) =>
    ok(
      await chronicAbsence(
        getServices(),
        param(request, 'schoolId'),
        parseOrThrow(ChronicAbsenceQuery, request.query).schoolYear,
        request.principal,
      ),
    ),
  sectionAttendance: async (request) =>
    ok(await sectionAttendance(getServices(), param(request, 'sectionId'), date(request), request.principal)),
  studentAttendance: async (request) =>
    ok(
      await studentAttendance(
        getServices(),
        param(request, 'studentId'),
        parseOrThrow(AttendanceRangeQuery, request.query),
        request.principal,
      ),
    ),
  schoolDailyReport: async (request) =>
    ok(await schoolDailyReport(getServices(), param(request, 'schoolId'), date(request), request.principal)),
  missingAttendance: async (request) =>
    ok(await missingAttendance(getServices(), param(request, 'schoolId'), date(request), request.principal)),
};

/** Attendance: codes, a section's marks for a day, a student's record, and the school's daily reports. */
export const handler = apiHandler('attendance', (route) => routeHandler(route, operations));
