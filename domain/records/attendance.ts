import * as zod from 'zod';
import { AttendanceCodeSchema, CATEGORIES } from '../attendance/attendance';
import { keys } from '../keys';
import { define, id } from './record-kind';

/** Record kinds of attendance: codes, a section's day, the office's entry for a student's day. */

/** A stored attendance code: the district's (no schoolId) or a school's own. Codes are unique across the district. */
export const attendanceCodeType = define({
  entity: 'attendanceCode',
  label: 'Attendance Code',
  resource: 'attendanceCode',
  source: 'sis.attendance',
  schema: AttendanceCodeSchema,
  idParams: ['code'],
  // A mark keeps its code's category; changing what a code means would rewrite history.
  immutable: ['code', 'category', 'schoolId'],
  key: (ids) => keys.attendanceCode(id(ids, 'code')),
  newId: (entry) => entry.code,
  indexKeys: (entry) => keys.attendanceCodesListing(entry.code),
  schoolIds: (entry) => (entry.schoolId ? [entry.schoolId] : []),
});

const StoredMarkSchema = zod.strictObject({
  code: zod.string(),
  category: zod.enum(CATEGORIES),
  excused: zod.boolean().optional(),
  minutesLate: zod.number().int().optional(),
  comment: zod.string().optional(),
});

/** A section's day as stored: the periods it meets and every student's mark. */
export const StoredSectionAttendanceSchema = zod.strictObject({
  sectionId: zod.string(),
  schoolId: zod.string(),
  schoolYear: zod.string(),
  termCode: zod.string(),
  date: zod.string(),
  periods: zod.array(zod.string()),
  marks: zod.record(zod.string(), StoredMarkSchema),
});
export type StoredSectionAttendance = zod.infer<typeof StoredSectionAttendanceSchema>;

/** A section's marks for one day, as one record with a history (written by the attendance use case). */
export const sectionAttendanceType = define({
  entity: 'sectionAttendance',
  label: 'Section Attendance',
  resource: 'attendance',
  source: 'sis.attendance',
  schema: StoredSectionAttendanceSchema,
  idParams: ['sectionId', 'date'],
  key: (ids) => keys.sectionAttendance(id(ids, 'sectionId'), id(ids, 'date')),
  newId: (day) => day.date,
  indexKeys: (day) => keys.attendanceTakenAtSchool(day.schoolId, day.date, day.sectionId),
  schoolIds: (day) => [day.schoolId],
});

const StoredOfficePartSchema = zod.strictObject({
  code: zod.string(),
  category: zod.enum(CATEGORIES),
  excused: zod.boolean().optional(),
  time: zod.string().optional(),
});

/** The office's entry for a student's day as stored: the student, school and day, and the entry's parts. */
export const StoredOfficeAttendanceSchema = zod.strictObject({
  studentId: zod.string(),
  schoolId: zod.string(),
  schoolYear: zod.string(),
  date: zod.string(),
  absence: StoredOfficePartSchema.optional(),
  lateArrival: StoredOfficePartSchema.optional(),
  earlyDismissal: StoredOfficePartSchema.optional(),
  comment: zod.string().optional(),
});
export type StoredOfficeAttendance = zod.infer<typeof StoredOfficeAttendanceSchema>;

/** The attendance office's entry for a student's day, as one record with a history (written by its use case). */
export const officeAttendanceType = define({
  entity: 'officeAttendance',
  label: 'Office Attendance Entry',
  resource: 'officeAttendance',
  source: 'sis.attendance',
  schema: StoredOfficeAttendanceSchema,
  idParams: ['studentId', 'date'],
  key: (ids) => keys.officeAttendance(id(ids, 'studentId'), id(ids, 'date')),
  newId: (entry) => entry.date,
  schoolIds: (entry) => [entry.schoolId],
});
