import type { Role } from './principal';

/**
 * The rule table of the access policy (domain/policy.ts decides with it): for each resource and
 * action, the roles granted it and the relationships under which each grant holds.
 */
export const RESOURCES = [
  'school',
  'calendar',
  'student',
  'guardianLink',
  'guardian',
  'staff',
  'activity',
  'enrollment',
  'course',
  'section',
  'roster',
  'schedule',
  'courseRequest',
  'masterSchedule',
  'family',
  'attendanceCode',
  'attendance',
  'attendanceDue',
  'studentAttendance',
  'officeAttendance',
  'sectionCover',
  'advisor',
  'gradebook',
  'reportCard',
  'studentGrades',
  'transferCredit',
  'studentNotifications',
  'healthRecord',
  'healthAlert',
  'counselingRecord',
  'studentPlan',
  'accommodations',
  'behaviorRecord',
  'disciplineAction',
  'behaviorCounts',
  'earlyWarning',
  'rollover',
  'accessLog',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['list', 'read', 'create', 'update', 'delete', 'restore', 'history'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * - `any`: no relationship needed.
 * - `ofTheirSchool`: the record belongs to a school the caller serves (for writes: every school
 *   the record belongs to, before and after the change).
 * - `guardianOfStudent`: the caller is a guardian of the student with educational rights.
 * - `self`: the record is the caller's own (their guardian or staff record).
 * - `teacherOfStudent`: the caller teaches a section the student is rostered in.
 * - `teacherOfSection`: the caller is one of the section's teachers.
 * - `requester`: the caller submitted the request (a family following its own enrollment).
 * - `substituteOfSection`: the caller covers the section today (a cover's days, in the school's time zone).
 * - `gradingSubstitute`: the caller covers the section today with a cover that grants posting grades.
 * - `advisorOfStudent`: the caller is the student's advisor or homeroom teacher (decision 0148).
 * - `reporter`: the caller recorded the record (a behavior incident a teacher reported, decision 0153).
 */
export type Relationship =
  | 'any'
  | 'ofTheirSchool'
  | 'guardianOfStudent'
  | 'self'
  | 'teacherOfStudent'
  | 'teacherOfSection'
  | 'requester'
  | 'substituteOfSection'
  | 'gradingSubstitute'
  | 'advisorOfStudent'
  | 'reporter';

type Grants = Partial<Record<Role, readonly Relationship[]>>;
type Rules = Record<Resource, Partial<Record<Action, Grants>>>;

const STAFF_READ: Grants = {
  district_admin: ['any'],
  school_admin: ['any'],
  teacher: ['any'],
  counselor: ['any'],
  nurse: ['any'],
};
/** A section's teachers, and a substitute covering it today. */
const SECTION_TEACHERS: readonly Relationship[] = ['teacherOfSection', 'substituteOfSection'];
/** A student's teachers, and their advisor or homeroom teacher, who follows them across classes. */
const STUDENT_TEACHERS: readonly Relationship[] = ['teacherOfStudent', 'advisorOfStudent'];
const ADMINS_WRITE: Grants = { district_admin: ['any'], school_admin: ['ofTheirSchool'] };
const DISTRICT_ONLY: Grants = { district_admin: ['any'] };
const STAFF_OF_SCHOOL: Grants = {
  district_admin: ['any'],
  school_admin: ['ofTheirSchool'],
  teacher: ['ofTheirSchool'],
  counselor: ['ofTheirSchool'],
  nurse: ['ofTheirSchool'],
};
/** Those who put students in classes: counselors and administrators of the school. */
const PROGRAMMERS: Grants = { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'] };
/** The same grants for every action on a resource. */
const everyAction = (grants: Grants): Partial<Record<Action, Grants>> => Object.fromEntries(ACTIONS.map((action) => [action, grants]));

export const RULES: Rules = {
  // The school directory is public within the district.
  school: {
    list: { ...STAFF_READ, parent: ['any'] },
    read: { ...STAFF_READ, parent: ['any'] },
    create: DISTRICT_ONLY,
    update: ADMINS_WRITE,
    delete: DISTRICT_ONLY,
    restore: DISTRICT_ONLY,
    history: ADMINS_WRITE,
  },
  // School years, terms, grading periods, bell schedules: everyone reads, admins write.
  calendar: {
    list: { ...STAFF_READ, parent: ['any'] },
    read: { ...STAFF_READ, parent: ['any'] },
    create: ADMINS_WRITE,
    update: ADMINS_WRITE,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  student: {
    list: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], nurse: ['ofTheirSchool'] },
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      nurse: ['ofTheirSchool'],
      teacher: STUDENT_TEACHERS,
      parent: ['guardianOfStudent'],
    },
    create: PROGRAMMERS,
    update: PROGRAMMERS,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: PROGRAMMERS,
  },
  // A student's advisor or homeroom teacher (decision 0148): the office and counselors assign them; the student's
  // teachers and advisors read who they are, and a staff member lists their own advisees (`self`).
  advisor: {
    ...everyAction(PROGRAMMERS),
    list: { ...PROGRAMMERS, teacher: [...STUDENT_TEACHERS, 'self'] },
    read: { ...PROGRAMMERS, teacher: [...STUDENT_TEACHERS, 'self'] },
  },
  // A student's guardians and the terms of each link (custody, contact, language).
  guardianLink: {
    list: { ...PROGRAMMERS, nurse: ['ofTheirSchool'], teacher: STUDENT_TEACHERS, parent: ['guardianOfStudent'] },
    read: { ...PROGRAMMERS, nurse: ['ofTheirSchool'], teacher: STUDENT_TEACHERS, parent: ['guardianOfStudent'] },
    create: PROGRAMMERS,
    update: PROGRAMMERS,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  // A guardian belongs to the schools their linked children attend.
  guardian: {
    // Searching guardians by name is how registrars avoid creating a family twice.
    list: { district_admin: ['any'], school_admin: ['any'], counselor: ['any'] },
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      nurse: ['ofTheirSchool'],
      parent: ['self'],
    },
    create: { district_admin: ['any'], school_admin: ['any'], counselor: ['any'] },
    update: PROGRAMMERS,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  staff: {
    list: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      teacher: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      nurse: ['ofTheirSchool'],
    },
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      teacher: ['ofTheirSchool', 'self'],
      counselor: ['ofTheirSchool', 'self'],
      nurse: ['ofTheirSchool', 'self'],
    },
    create: ADMINS_WRITE,
    update: ADMINS_WRITE,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  // The audit trail of a school's changes.
  activity: {
    list: ADMINS_WRITE,
  },
  // Enrollment requests (families apply online; registrars and counselors process them),
  // school enrollments and withdrawals.
  enrollment: {
    create: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], parent: ['any'] },
    // A request's status, or a student's enrollments.
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      nurse: ['ofTheirSchool'],
      parent: ['requester', 'guardianOfStudent'],
    },
    // A school's work list of requests (whole applications, with family details).
    list: PROGRAMMERS,
    // Resolving a possible duplicate.
    update: PROGRAMMERS,
    // Withdrawing a student.
    delete: ADMINS_WRITE,
  },
  // A school's course catalog: staff read it; its administrators keep it.
  course: {
    list: STAFF_OF_SCHOOL,
    read: STAFF_OF_SCHOOL,
    create: ADMINS_WRITE,
    update: ADMINS_WRITE,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  // Sections: the master schedule's entries.
  section: {
    list: STAFF_OF_SCHOOL,
    read: { ...STAFF_OF_SCHOOL, teacher: ['ofTheirSchool', 'teacherOfSection', 'substituteOfSection'] },
    create: ADMINS_WRITE,
    update: ADMINS_WRITE,
    delete: ADMINS_WRITE,
    restore: ADMINS_WRITE,
    history: ADMINS_WRITE,
  },
  // Who sits in a section: counselors and administrators program students; teachers read their rosters.
  roster: {
    list: { ...PROGRAMMERS, nurse: ['ofTheirSchool'], teacher: SECTION_TEACHERS },
    create: PROGRAMMERS,
    delete: PROGRAMMERS,
  },
  // A substitute's cover of a section (decision 0147): the office grants it; the section's teachers and the substitute read it.
  sectionCover: {
    ...everyAction(ADMINS_WRITE),
    list: { ...ADMINS_WRITE, teacher: ['teacherOfSection'] },
    read: { ...ADMINS_WRITE, teacher: ['teacherOfSection', 'self'] },
  },
  // A student's class schedule.
  schedule: {
    read: { ...PROGRAMMERS, nurse: ['ofTheirSchool'], teacher: STUDENT_TEACHERS, parent: ['guardianOfStudent'] },
    update: PROGRAMMERS,
  },
  // A student's course requests for a term (what the scheduler places).
  courseRequest: {
    list: { ...PROGRAMMERS, parent: ['guardianOfStudent'] },
    create: PROGRAMMERS,
  },
  // A parent's own portal (`/v1/me/...`): the guardian is the caller, and each child is checked
  // against the guardian's links with educational rights.
  family: {
    list: { parent: ['self'] },
    read: { parent: ['guardianOfStudent'] },
    update: { parent: ['self'] },
  },
  // The attendance code table: every staff member reads it; the district keeps it, schools add their own.
  attendanceCode: {
    list: STAFF_READ,
    read: STAFF_READ,
    create: { district_admin: ['any'], school_admin: ['ofTheirSchool'] },
    update: { district_admin: ['any'], school_admin: ['ofTheirSchool'] },
    history: { district_admin: ['any'], school_admin: ['ofTheirSchool'] },
  },
  // A section's attendance: its teachers take it; the attendance office (school admins) too.
  attendance: {
    create: { district_admin: ['any'], school_admin: ['ofTheirSchool'], teacher: SECTION_TEACHERS },
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      teacher: SECTION_TEACHERS,
    },
    // The school's reports: the day's absences, the sections still to take attendance.
    list: PROGRAMMERS,
  },
  // A staff member's own sections still to take attendance on a day: the teacher, and the office and counselors of their schools.
  attendanceDue: {
    list: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: ['self'] },
  },
  // The attendance office's entries for a student's day (all-day absence, late arrival, early dismissal): the school's
  // admins (the attendance office) only; no teacher, counselor or nurse. The district admin may do everything, as everywhere.
  officeAttendance: {
    create: { district_admin: ['any'], school_admin: ['ofTheirSchool'] },
  },
  // A student's attendance record.
  studentAttendance: {
    read: {
      district_admin: ['any'],
      school_admin: ['ofTheirSchool'],
      counselor: ['ofTheirSchool'],
      nurse: ['ofTheirSchool'],
      teacher: STUDENT_TEACHERS,
      parent: ['guardianOfStudent'],
    },
  },
  // A section's gradebook (settings, assignments, scores): its teachers keep it; the school's
  // counselors and administrators read it. District administrators keep their district-wide
  // grant on every resource (the break-glass role), as elsewhere; school administrators do not write.
  // A substitute covering the section reads it; one whose cover grants it creates assignments and posts scores.
  gradebook: {
    list: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: SECTION_TEACHERS },
    read: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: SECTION_TEACHERS },
    create: { district_admin: ['any'], teacher: ['teacherOfSection', 'gradingSubstitute'] },
    update: { district_admin: ['any'], teacher: ['teacherOfSection', 'gradingSubstitute'] },
    delete: { district_admin: ['any'], teacher: ['teacherOfSection'] },
    // A score's corrections (who, when, why).
    history: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: ['teacherOfSection'] },
  },
  // A section's report-card marks: its teachers enter and post them; administrators may too, and
  // only they change a posted mark (with a reason: domain/gradebook/posting.ts decides).
  reportCard: {
    read: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: ['teacherOfSection'] },
    update: { district_admin: ['any'], school_admin: ['ofTheirSchool'], teacher: ['teacherOfSection'] },
  },
  // A student's current grades and transcript (parents read theirs through the parent portal, later).
  studentGrades: {
    read: { district_admin: ['any'], school_admin: ['ofTheirSchool'], counselor: ['ofTheirSchool'], teacher: STUDENT_TEACHERS },
  },
  // Courses a student completed at another school, read off its transcript: the school's office and counselors keep them;
  // teachers and families see them on the transcript.
  transferCredit: everyAction(PROGRAMMERS),
  // What was sent to a student's guardians (when, channel, language, status): the office and counselors who field the calls.
  studentNotifications: {
    list: PROGRAMMERS,
  },
  // Health records (immunizations, conditions and allergies, medications, visits, screenings): the
  // school's nurses and administrators. Every read is logged (FERPA's record of access) before the
  // answer; parents read their child's through the parent portal (`family`), without nurse-only notes.
  healthRecord: everyAction({ district_admin: ['any'], school_admin: ['ofTheirSchool'], nurse: ['ofTheirSchool'] }),
  // The alert flags of a student's health record (e.g. "severe peanut allergy: EpiPen in bag"): what a
  // teacher of the student needs, and nothing else of the record.
  healthAlert: {
    read: { district_admin: ['any'], school_admin: ['ofTheirSchool'], nurse: ['ofTheirSchool'], teacher: ['teacherOfStudent'] },
  },
  // Confidential counseling notes and referrals: the school's counselors only (the district admin keeps
  // its break-glass grant, and its reads are logged like anyone's).
  counselingRecord: everyAction({ district_admin: ['any'], counselor: ['ofTheirSchool'] }),
  // 504 plans, IEPs and graduation plans: the school's counselors and administrators; a plan is never
  // deleted outright (soft delete, history, restore). Parents read them through the parent portal.
  studentPlan: everyAction(PROGRAMMERS),
  // The accommodations of a student's plans, which every teacher of the student must apply.
  accommodations: {
    read: { ...PROGRAMMERS, nurse: ['ofTheirSchool'], teacher: ['teacherOfStudent'] },
  },
  // Behavior incidents and discipline actions (decision 0153): the school's administrators and counselors; any teacher
  // of the school reports one and reads, corrects and lists only the ones they reported. A family reads their child's
  // through the parent portal.
  behaviorRecord: {
    ...everyAction(PROGRAMMERS),
    list: { ...PROGRAMMERS, teacher: ['ofTheirSchool'] },
    create: { ...PROGRAMMERS, teacher: ['ofTheirSchool'] },
    read: { ...PROGRAMMERS, teacher: ['reporter'] },
    update: { ...PROGRAMMERS, teacher: ['reporter'] },
    history: { ...PROGRAMMERS, teacher: ['reporter'] },
  },
  // Suspensions and expulsions, beside the behavior record's own grants: a school administrator decides them.
  disciplineAction: { create: ADMINS_WRITE, update: ADMINS_WRITE, delete: ADMINS_WRITE, restore: ADMINS_WRITE },
  // A school's behavior counts per year (no student named): its administrators and counselors.
  behaviorCounts: { list: PROGRAMMERS },
  // A school's early-warning list (decision 0154): the students whose attendance, behavior or marks flag them, with why.
  earlyWarning: { list: PROGRAMMERS },
  // Year-end rollovers (decision 0156): a school's administrators roll their school over; the district's, every school.
  rollover: { create: ADMINS_WRITE, read: ADMINS_WRITE, list: ADMINS_WRITE },
  // FERPA's record of access to a student's health, counseling and special-education records: the
  // school's administrators (guardians read their child's through the parent portal).
  accessLog: {
    list: { district_admin: ['any'], school_admin: ['ofTheirSchool'] },
  },
  // Snapshots of a term's master schedule and runs of the automatic scheduler.
  masterSchedule: {
    list: ADMINS_WRITE,
    read: ADMINS_WRITE,
    create: ADMINS_WRITE,
    restore: ADMINS_WRITE,
  },
};
