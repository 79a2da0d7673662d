import * as z from 'zod';
import { COURSE_LEVELS } from '../gradebook/marks';
import { GradeLevel, IsoDate, LongText, Reason, RecordId, SchoolYearLabel, ShortText } from '../schemas/common';
import type { FieldIssue } from '../errors';

/** A course code as schools print it on transcripts, e.g. `ALG1`, `ENG-9`, `SCI.BIO`. Unique in its school, compared case-insensitively. */
export const CourseCode = z.string().regex(/^[A-Za-z0-9.-]{1,20}$/, { error: 'must be 1 to 20 letters, digits, dots or dashes' });

/** A school year label, e.g. `2026-2027` (the id of a school year record): the common one. */
export { SchoolYearLabel };
/** A term code of that school year's calendar (see TermSchema). */
export const TermCode = z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be a term code: 1 to 20 letters, digits or dashes' });
/** A period code of a bell schedule (see BellPeriodSchema). */
const PeriodCode = z.string().regex(/^[A-Za-z0-9-]{1,10}$/, { error: 'must be a bell period code: 1 to 10 letters, digits or dashes' });

export const SUBJECTS = [
  'english',
  'math',
  'science',
  'social-studies',
  'world-languages',
  'arts',
  'pe-health',
  'cte',
  'electives',
  'other',
] as const;

/** Course codes are unique in a school regardless of case, so `alg1` and `ALG1` are the same course. */
export const courseCodeKey = (code: string): string => code.toUpperCase();

export const CourseSchema = z.strictObject({
  /** The school that offers the course; a course belongs to one school and never moves. */
  schoolId: RecordId,
  code: CourseCode,
  title: ShortText,
  subject: z.enum(SUBJECTS, { error: `must be one of: ${SUBJECTS.join(', ')}` }),
  /** The grades that may take the course. */
  gradeLevels: z.array(GradeLevel).min(1, { error: 'must list at least one grade level' }),
  credits: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be at least 0' })
    .max(10, { error: 'must be at most 10' })
    .multipleOf(0.25, { error: 'must be in steps of 0.25' }),
  /** Codes of courses the student must have passed first. */
  prerequisites: z.array(CourseCode).max(10, { error: 'must list at most 10 courses' }).default([]),
  /** Honors, AP and IB courses add the district's bonus to passing marks in the weighted GPA; regular when absent. */
  level: z.enum(COURSE_LEVELS, { error: `must be one of: ${COURSE_LEVELS.join(', ')}` }).optional(),
  /** May be taken again after it was passed (band, PE, …). */
  repeatable: z.boolean().default(false),
  /** Seats of a section that does not set its own capacity. */
  defaultCapacity: z.number().int().min(1, { error: 'must be at least 1' }).max(200, { error: 'must be at most 200' }).default(30),
  status: z.enum(['active', 'retired']).default('active'),
  description: LongText.optional(),
});
export type Course = z.infer<typeof CourseSchema>;

export function checkCourse(course: Course): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (new Set(course.gradeLevels).size !== course.gradeLevels.length) {
    issues.push({ field: 'gradeLevels', message: 'must not repeat a grade level' });
  }
  const seen = new Set<string>();
  course.prerequisites.forEach((code, index) => {
    const key = courseCodeKey(code);
    if (key === courseCodeKey(course.code)) issues.push({ field: `prerequisites[${index}]`, message: 'must not be the course itself' });
    else if (seen.has(key)) issues.push({ field: `prerequisites[${index}]`, message: `repeats course "${code}"` });
    seen.add(key);
  });
  return issues;
}

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const;
/** Days of a rotating (A/B, "block") schedule: which weekday is an A day changes through the year. */
export const ROTATION_DAYS = ['A', 'B'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type RotationDay = (typeof ROTATION_DAYS)[number];
export type MeetingDay = Weekday | RotationDay;
const MEETING_DAYS = [...WEEKDAYS, ...ROTATION_DAYS] as const;

export const isWeekday = (day: MeetingDay): day is Weekday => (WEEKDAYS as readonly string[]).includes(day);

/** One period of a bell schedule on some days: `{ period: 'P3', days: ['MON', 'WED', 'FRI'] }` or `{ period: 'P3', days: ['A'] }`. */
export const MeetingSchema = z.strictObject({
  period: PeriodCode,
  days: z
    .array(z.enum(MEETING_DAYS, { error: `must be a weekday (${WEEKDAYS.join(', ')}) or a rotation day (${ROTATION_DAYS.join(', ')})` }))
    .min(1, { error: 'must list at least one day' })
    .max(MEETING_DAYS.length),
  /** The bell schedule the period belongs to; the school's default one when absent. */
  bellScheduleId: RecordId.optional(),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const SectionTeacherSchema = z.strictObject({ staffId: RecordId, role: z.enum(['primary', 'co']) });

export const SectionSchema = z.strictObject({
  /** Copied from the course when the section is created; a section never moves school. */
  schoolId: RecordId,
  courseId: RecordId,
  schoolYear: SchoolYearLabel,
  termCode: TermCode,
  /** Unique among the course's sections of the term, e.g. `01`, `02-H`. */
  sectionNumber: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, { error: 'must be 1 to 10 letters, digits or dashes' }),
  meetings: z.array(MeetingSchema).min(1, { error: 'must meet at least once' }).max(10, { error: 'must have at most 10 meetings' }),
  room: ShortText.optional(),
  teachers: z.array(SectionTeacherSchema).max(4, { error: 'must have at most 4 teachers' }).default([]),
  /** Seats; the course's defaultCapacity when absent. */
  capacity: z.number().int().min(1, { error: 'must be at least 1' }).max(200, { error: 'must be at most 200' }).optional(),
  status: z.enum(['active', 'cancelled']).default('active'),
});
export type Section = z.infer<typeof SectionSchema>;

/** The seats a section offers: its own capacity, or its course's default. */
export const sectionCapacity = (section: Pick<Section, 'capacity'>, course: Pick<Course, 'defaultCapacity'>): number =>
  section.capacity ?? course.defaultCapacity;

export function checkSection(section: Section): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const kinds = new Set<'weekday' | 'rotation'>();
  let mixedMeeting = false;
  const periodDays = new Set<string>();
  section.meetings.forEach((meeting, index) => {
    const days = new Set<string>();
    const meetingKinds = new Set(meeting.days.map((day) => (isWeekday(day) ? 'weekday' : 'rotation')));
    if (meetingKinds.size > 1) {
      issues.push({ field: `meetings[${index}].days`, message: 'must not mix weekdays and rotation days (A/B)' });
      mixedMeeting = true;
    }
    meetingKinds.forEach((kind) => kinds.add(kind));
    meeting.days.forEach((day, dayIndex) => {
      if (days.has(day)) issues.push({ field: `meetings[${index}].days[${dayIndex}]`, message: `repeats ${day}` });
      else if (periodDays.has(`${meeting.period}|${day}`)) {
        issues.push({ field: `meetings[${index}].days[${dayIndex}]`, message: `meets in period ${meeting.period} on ${day} twice` });
      }
      days.add(day);
      periodDays.add(`${meeting.period}|${day}`);
    });
  });
  if (kinds.size > 1 && !mixedMeeting) {
    issues.push({ field: 'meetings', message: 'must all use weekdays or all use rotation days (A/B), not both' });
  }
  const staff = new Set<string>();
  section.teachers.forEach((teacher, index) => {
    if (staff.has(teacher.staffId)) issues.push({ field: `teachers[${index}].staffId`, message: 'repeats a teacher' });
    staff.add(teacher.staffId);
  });
  if (section.teachers.filter((teacher) => teacher.role === 'primary').length > 1) {
    issues.push({ field: 'teachers', message: 'may have at most one primary teacher' });
  }
  return issues;
}

export const CourseRequestItemSchema = z.strictObject({
  courseId: RecordId,
  /** 1 is the student's most important request; the scheduler places lower numbers first. */
  priority: z.number().int().min(1, { error: 'must be at least 1' }).max(20, { error: 'must be at most 20' }),
  /** Courses to take instead, tried in this order when the course cannot be placed. */
  alternates: z.array(RecordId).max(3, { error: 'must list at most 3 alternates' }).default([]),
});

/** A student's course requests for one term (one document, replaced as a whole). */
export const CourseRequestSchema = z.strictObject({
  schoolYear: SchoolYearLabel,
  termCode: TermCode,
  requests: z.array(CourseRequestItemSchema).max(12, { error: 'must have at most 12 requests' }),
});
export type CourseRequest = z.infer<typeof CourseRequestSchema>;

/** Course requests as stored: the document, and the school whose courses it names (the scheduler reads a school's requests). */
export const StoredCourseRequestSchema = CourseRequestSchema.extend({ schoolId: RecordId });
export type StoredCourseRequest = z.infer<typeof StoredCourseRequestSchema>;

/** No course may appear twice in one student's requests, whether requested or named as an alternate. */
export function checkCourseRequest(request: CourseRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  request.requests.forEach((item, index) => {
    [item.courseId, ...item.alternates].forEach((courseId, position) => {
      const field = position === 0 ? `requests[${index}].courseId` : `requests[${index}].alternates[${position - 1}]`;
      if (seen.has(courseId)) issues.push({ field, message: 'names a course already requested or named as an alternate' });
      seen.add(courseId);
    });
  });
  return issues;
}

/** Refusals staff may override when they place a student by hand (the others are facts that cannot be waived). */
export const OVERRIDABLE_REFUSALS = ['section-full', 'grade-not-allowed', 'missing-prerequisite', 'already-passed'] as const;
export type OverridableRefusal = (typeof OVERRIDABLE_REFUSALS)[number];

/** Body of `PUT …/sections/{sectionId}/students/{studentId}`. */
export const AssignmentSchema = z
  .strictObject({
    reason: Reason.optional(),
    /** The refusals the caller knowingly overrides; kept in the roster entry's history with the reason. */
    override: z.array(z.enum(OVERRIDABLE_REFUSALS, { error: `must be one of: ${OVERRIDABLE_REFUSALS.join(', ')}` })).optional(),
    /** The student's first day in the section, within its term; the term's first day (or the student's first at the school) when absent. */
    entryDate: IsoDate.optional(),
  })
  .refine((body) => !body.override?.length || body.reason !== undefined, {
    error: 'is required when overriding a refusal',
    path: ['reason'],
  });
export type Assignment = z.infer<typeof AssignmentSchema>;

/** Body of `DELETE …/sections/{sectionId}/students/{studentId}`: why the student leaves the section, and when. */
export const DropSchema = z.strictObject({
  reason: Reason,
  /** The student's last day in the section (kept on the roster of the days before); today when absent, never later. */
  exitDate: IsoDate.optional(),
});
export type Drop = z.infer<typeof DropSchema>;

/** A course a student finished: the record prerequisites and "already passed" are decided on. */
export const CourseCompletionSchema = z.strictObject({
  courseCode: CourseCode,
  schoolYear: SchoolYearLabel,
  termCode: TermCode,
  passed: z.boolean(),
  /** The final mark as the transcript shows it, e.g. `A-`, `87`, `P`. */
  mark: z.string().trim().min(1).max(10).optional(),
});
export type CourseCompletion = z.infer<typeof CourseCompletionSchema>;

/** A student's place in a section, as stored in the section's roster (and indexed as the student's schedule). */
export const RosterEntrySchema = z.strictObject({
  studentId: RecordId,
  sectionId: RecordId,
  schoolId: RecordId,
  courseId: RecordId,
  /** The course's code, for messages about this class (a course's code never changes). */
  courseCode: z.string().optional(),
  schoolYear: SchoolYearLabel,
  termCode: TermCode,
  sectionNumber: z.string(),
  /** The periods the section meets in, and its slot cells (see slots.ts), held in the student's period items. */
  periods: z.array(z.string()),
  cells: z.array(z.string()),
  /** Refusals staff overrode when placing the student (with the reason in the history). */
  override: z.array(z.enum(OVERRIDABLE_REFUSALS)).optional(),
  /** How the student was placed. */
  placedBy: z.enum(['staff', 'scheduler', 'bulk']).default('staff'),
  /**
   * The first and last day the student is in the section, both included (roster-dates.ts); the exit
   * is set when they leave. Entries written before rosters were dated have neither.
   */
  entryDate: IsoDate.optional(),
  exitDate: IsoDate.optional(),
  /** The days of earlier stints, when the student left the section and came back. */
  earlierStints: z.array(z.strictObject({ entryDate: IsoDate, exitDate: IsoDate })).optional(),
});
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

/** Body of `POST …/sections/{sectionId}/roster`: many students at once, each placed or refused on its own. */
export const RosterAdditionSchema = z
  .strictObject({
    studentIds: z.array(RecordId).min(1, { error: 'must name at least one student' }).max(200, { error: 'must name at most 200 students' }),
    reason: Reason.optional(),
    override: z.array(z.enum(OVERRIDABLE_REFUSALS)).optional(),
  })
  .refine((body) => new Set(body.studentIds).size === body.studentIds.length, { error: 'must not repeat a student', path: ['studentIds'] })
  .refine((body) => !body.override?.length || body.reason !== undefined, {
    error: 'is required when overriding a refusal',
    path: ['reason'],
  });

/** Body of `PUT /v1/students/{studentId}/schedule`: the student's whole schedule for a term, all or nothing. */
export const TermScheduleSchema = z
  .strictObject({
    schoolYear: SchoolYearLabel,
    termCode: TermCode,
    sectionIds: z.array(RecordId).max(12, { error: 'must name at most 12 sections' }),
    reason: Reason,
    override: z.array(z.enum(OVERRIDABLE_REFUSALS)).optional(),
  })
  .refine((body) => new Set(body.sectionIds).size === body.sectionIds.length, { error: 'must not repeat a section', path: ['sectionIds'] });

/** Body of `POST …/master-schedule/snapshots`. */
export const SnapshotRequestSchema = z.strictObject({ schoolYear: SchoolYearLabel, name: ShortText });
/** Body of `POST …/snapshots/{snapshotId}/restore`. */
export const SnapshotRestoreSchema = z.strictObject({ schoolYear: SchoolYearLabel, reason: Reason });
