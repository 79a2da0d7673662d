/** Contract entries of the attendance routes (see index.ts); the code records' own routes come from their record kind. */
import * as z from 'zod';
import { AttendanceCodeSchema, CATEGORIES, SectionAttendanceSchema } from '../../domain/attendance/attendance';
import { OfficeEntrySchema } from '../../domain/attendance/daily';
import { RecordId } from '../../domain/schemas/common';
import { AttendanceRangeQuery, ChronicAbsenceQuery } from '../use-cases/attendance/take-attendance';
import { json, named } from './answers';
import type { EntrySpec } from './index';

const Category = z.enum(CATEGORIES);
const MarkView = z.strictObject({
  studentId: z.string(),
  code: z.string(),
  category: Category,
  excused: z.boolean().optional(),
  minutesLate: z.number().int().optional(),
  comment: z.string().optional(),
});

const AttendanceResultSchema = named(
  'AttendanceTaken',
  z.strictObject({
    sectionId: z.string(),
    date: z.string(),
    added: z.number().int(),
    corrected: z.number().int(),
    unchanged: z.number().int(),
    version: z.number().int().optional(),
  }),
  'What the submission changed: new marks, corrected marks, marks as they were',
);

const SectionDaySchema = named(
  'SectionAttendance',
  z.strictObject({
    sectionId: z.string(),
    date: z.string(),
    taken: z.boolean(),
    version: z.number().int().optional(),
    takenBy: z.string().optional(),
    updatedAt: z.string().optional(),
    marks: z.array(MarkView),
    unmarked: z.array(z.string()),
  }),
);

const ReportRow = z.strictObject({
  studentId: z.string(),
  sectionId: z.string(),
  periods: z.array(z.string()),
  code: z.string(),
  excused: z.boolean().optional(),
  minutesLate: z.number().int().optional(),
});

const OfficePart = z.strictObject({ code: z.string(), category: Category, excused: z.boolean().optional(), time: z.string().optional() });
const StoredOffice = named(
  'OfficeAttendanceEntry',
  z.strictObject({
    absence: OfficePart.optional(),
    lateArrival: OfficePart.optional(),
    earlyDismissal: OfficePart.optional(),
    comment: z.string().optional(),
  }),
  "The attendance office's entry for a day, its codes resolved",
);
const DailyStatusFields = {
  status: Category,
  excused: z.boolean().optional(),
  periodsMarked: z.number().int(),
  periodsAbsent: z.number().int(),
};
const DayView = z.strictObject({ date: z.string(), ...DailyStatusFields, office: StoredOffice.optional() });
const Counts = { students: z.number().int(), attended: z.number().int(), absent: z.number().int() };

export const ATTENDANCE_CONTRACT: Readonly<Record<string, EntrySpec>> = {
  'GET /v1/attendance-codes': {
    query: z.object({ schoolId: RecordId.optional() }),
    answers: { 200: json(z.strictObject({ schoolId: z.string().optional(), items: z.array(AttendanceCodeSchema) }), 'The codes in force') },
  },
  'PUT /v1/sections/{sectionId}/attendance/{date}': {
    body: SectionAttendanceSchema,
    answers: { 200: json(AttendanceResultSchema, 'The marks as taken') },
  },
  'GET /v1/sections/{sectionId}/attendance/{date}': { answers: { 200: json(SectionDaySchema, "The day's marks") }, problems: [400] },
  'GET /v1/students/{studentId}/attendance': {
    query: AttendanceRangeQuery,
    answers: {
      200: json(
        named(
          'StudentAttendance',
          z.strictObject({
            studentId: z.string(),
            from: z.string(),
            to: z.string(),
            summary: z.strictObject({
              daysMarked: z.number().int(),
              daysPresent: z.number().int(),
              excusedAbsences: z.number().int(),
              unexcusedAbsences: z.number().int(),
              tardies: z.number().int(),
              periodsAbsent: z.number().int(),
              attendanceRate: z.number().nullable(),
            }),
            days: z.array(DayView),
            marks: z.array(
              z.strictObject({
                date: z.string(),
                sectionId: z.string(),
                periods: z.array(z.string()),
                code: z.string(),
                category: Category,
                excused: z.boolean().optional(),
                minutesLate: z.number().int().optional(),
              }),
            ),
          }),
        ),
        "The student's marks and summary",
      ),
    },
  },
  'GET /v1/schools/{schoolId}/attendance/{date}': {
    answers: {
      200: json(
        z.strictObject({
          schoolId: z.string(),
          date: z.string(),
          absentStudents: z.number().int(),
          tardyStudents: z.number().int(),
          students: z.array(z.strictObject({ studentId: z.string(), ...DayView.shape })),
          absences: z.array(ReportRow),
          tardies: z.array(ReportRow),
        }),
        "The day's absences and tardies",
      ),
    },
    problems: [400],
  },
  'PUT /v1/students/{studentId}/attendance/{date}': {
    body: OfficeEntrySchema,
    answers: {
      200: json(
        named(
          'OfficeAttendanceRecorded',
          z.strictObject({
            studentId: z.string(),
            date: z.string(),
            schoolId: z.string(),
            entry: StoredOffice,
            day: z.strictObject(DailyStatusFields).optional(),
            changed: z.boolean(),
            version: z.number().int().optional(),
          }),
          "The entry as kept and the student's day after it",
        ),
        'The office entry as kept',
      ),
    },
  },
  'GET /v1/schools/{schoolId}/attendance/ada': {
    query: AttendanceRangeQuery,
    answers: {
      200: json(
        named(
          'AverageDailyAttendance',
          z.strictObject({
            schoolId: z.string(),
            from: z.string(),
            to: z.string(),
            days: z.array(z.strictObject({ date: z.string(), ...Counts, rate: z.number().nullable() })),
            daysCounted: z.number().int(),
            averageDailyAttendance: z.number().nullable(),
            averageDailyMembership: z.number().nullable(),
            rate: z.number().nullable(),
          }),
        ),
        'Attendance per day and over the range',
      ),
    },
  },
  'GET /v1/schools/{schoolId}/chronic-absence': {
    query: ChronicAbsenceQuery,
    answers: {
      200: json(
        named(
          'ChronicAbsence',
          z.strictObject({
            schoolId: z.string(),
            schoolYear: z.string(),
            threshold: z.number(),
            studentsCounted: z.number().int(),
            students: z.array(
              z.strictObject({
                studentId: z.string(),
                daysEnrolled: z.number().int(),
                daysAbsent: z.number().int(),
                excusedAbsences: z.number().int(),
                unexcusedAbsences: z.number().int(),
                tardies: z.number().int(),
                absenceRate: z.number(),
              }),
            ),
          }),
        ),
        'The chronically absent students, most absent first',
      ),
    },
  },
  'GET /v1/schools/{schoolId}/attendance/{date}/missing': {
    answers: {
      200: json(
        z.strictObject({
          schoolId: z.string(),
          date: z.string(),
          meeting: z.number().int().optional(),
          sections: z.array(z.looseObject({ sectionId: z.string() })),
        }),
        'The sections still to take attendance',
      ),
    },
    problems: [400],
  },
};
