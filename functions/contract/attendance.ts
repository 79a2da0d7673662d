/** What the attendance routes answer (functions/routes/attendance.ts); the code records' own routes come from their record kind. */
import * as z from 'zod';
import { AttendanceCodeSchema, CATEGORIES } from '../../domain/attendance/attendance';
import { named } from './answers';

const Category = z.enum(CATEGORIES);
const MarkView = z.strictObject({
  studentId: z.string(),
  code: z.string(),
  category: Category,
  excused: z.boolean().optional(),
  minutesLate: z.number().int().optional(),
  comment: z.string().optional(),
});

export const AttendanceResultSchema = named(
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

export const SectionDaySchema = named(
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

export const AttendanceCodesView = z.strictObject({ schoolId: z.string().optional(), items: z.array(AttendanceCodeSchema) });

export const StudentAttendanceSchema = named(
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
);

export const SchoolDayReportSchema = z.strictObject({
  schoolId: z.string(),
  date: z.string(),
  absentStudents: z.number().int(),
  tardyStudents: z.number().int(),
  students: z.array(z.strictObject({ studentId: z.string(), ...DayView.shape })),
  absences: z.array(ReportRow),
  tardies: z.array(ReportRow),
});

export const OfficeAttendanceRecorded = named(
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
);

export const AverageDailyAttendanceSchema = named(
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
);

export const ChronicAbsenceSchema = named(
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
);

export const MissingAttendanceSchema = z.strictObject({
  schoolId: z.string(),
  date: z.string(),
  meeting: z.number().int().optional(),
  sections: z.array(z.looseObject({ sectionId: z.string() })),
});

/**
 * A teacher's own sections that meet on a day and have not taken attendance yet, in every school they work at,
 * and the sections they cover that day as a substitute (`covering: true`).
 */
export const TeacherMissingAttendanceSchema = z.strictObject({
  staffId: z.string(),
  date: z.string(),
  /** The teacher's sections, and those they cover, that meet that day (taken or not). */
  meeting: z.number().int(),
  sections: z.array(
    z.looseObject({
      sectionId: z.string(),
      schoolId: z.string(),
      sectionNumber: z.string(),
      courseId: z.string(),
      meetings: z.array(z.looseObject({ period: z.string() })),
      /** A section the staff member covers that day as a substitute, not one of their own. */
      covering: z.literal(true).optional(),
    }),
  ),
});
