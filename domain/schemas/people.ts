import * as z from 'zod';
import {
  Address,
  Email,
  GradeLevel,
  IsoDate,
  LanguageTag,
  LongText,
  PersonName,
  Phone,
  RecordId,
  ShortText,
  SchoolYearLabel,
} from './common';
import type { FieldIssue } from '../errors';

/**
 * A person's account at another application (a OneRoster userProfile): the vendor and application,
 * the kind of credential and the user name there. Never a password: the SIS keeps no credentials
 * (an imported file's password column is dropped, decision 0092).
 */
export const ApplicationProfile = z.strictObject({
  /** The profile's sourcedId in the OneRoster files that carry it. */
  profileId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, { error: 'must be 1 to 100 letters, digits or . _ : -' }),
  profileType: ShortText,
  vendorId: ShortText,
  applicationId: ShortText.optional(),
  description: ShortText.optional(),
  credentialType: ShortText,
  username: ShortText.optional(),
});
export type ApplicationProfile = z.infer<typeof ApplicationProfile>;
const ApplicationProfiles = z.array(ApplicationProfile).max(20, { error: 'may hold at most 20 application profiles' }).optional();

export const StudentSchema = z.strictObject({
  /** The district's student number, unique across the district and never reused. */
  districtStudentId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be 1 to 20 letters, digits or dashes' }),
  /** The school the student attends. */
  schoolId: RecordId,
  legalName: PersonName,
  preferredName: z.strictObject({ first: ShortText.optional(), last: ShortText.optional() }).optional(),
  birthDate: IsoDate,
  gender: z.enum(['female', 'male', 'nonbinary', 'unspecified']),
  gradeLevel: GradeLevel,
  homeLanguage: LanguageTag,
  address: Address.optional(),
  email: Email.optional(),
  applicationProfiles: ApplicationProfiles,
});
export type Student = z.infer<typeof StudentSchema>;

/** A student's birth date must be in the past and plausible for a K-12 district (ages 2 to 22). */
export function checkStudent(student: Student, today: string): FieldIssue[] {
  if (student.birthDate >= today) return [{ field: 'birthDate', message: 'must be in the past' }];
  const birthdayPassed = today.slice(5) >= student.birthDate.slice(5);
  const age = Number(today.slice(0, 4)) - Number(student.birthDate.slice(0, 4)) - (birthdayPassed ? 0 : 1);
  if (age < 2 || age > 22) return [{ field: 'birthDate', message: 'gives an age outside 2 to 22 years' }];
  return [];
}

export const GuardianSchema = z.strictObject({
  name: PersonName,
  email: Email.optional(),
  phone: Phone.optional(),
  /** The language the family reads notices in. */
  preferredLanguage: LanguageTag.default('en'),
  address: Address.optional(),
  applicationProfiles: ApplicationProfiles,
});
export type Guardian = z.infer<typeof GuardianSchema>;

/**
 * A staff member who follows one student across their classes (decision 0148): an advisor (a college or
 * career advisor, a mentor) or a homeroom teacher. They read the student's record, guardians,
 * schedule, attendance and grades in every class, as the student's own teachers do in theirs.
 */
export const AdvisorSchema = z.strictObject({
  staffId: RecordId,
  role: z.enum(['advisor', 'homeroom'], { error: 'must be advisor or homeroom' }).default('advisor'),
  /** The school year the assignment is for; a new year's advisor is a new assignment (the old one deleted). */
  schoolYear: SchoolYearLabel,
  note: LongText.optional(),
});
export type Advisor = z.infer<typeof AdvisorSchema>;

/** The terms on which a guardian stands for one student. */
export const GuardianLinkSchema = z.strictObject({
  guardianId: RecordId,
  relationship: z.enum(['mother', 'father', 'parent', 'stepparent', 'grandparent', 'foster_parent', 'legal_guardian', 'relative', 'other']),
  /** Has legal custody. */
  custody: z.boolean(),
  /** May see and act on the student's education records (FERPA). */
  educationalRights: z.boolean(),
  mayContact: z.boolean().default(true),
  livesWith: z.boolean(),
  emergencyContact: z.boolean().default(false),
  mayPickUp: z.boolean().default(true),
  /** 1 is called first. */
  contactPriority: z.number().int().min(1).max(20).default(1),
  /** Overrides the guardian's own language for notices about this student, when set. */
  preferredLanguage: LanguageTag.optional(),
  email: Email.optional(),
  phone: Phone.optional(),
});
export type GuardianLink = z.infer<typeof GuardianLinkSchema>;

export const STAFF_TYPES = ['teacher', 'counselor', 'nurse', 'administrator', 'support'] as const;

export const StaffSchema = z.strictObject({
  name: PersonName,
  /** The district's employee number, unique across the district. */
  employeeId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be 1 to 20 letters, digits or dashes' }),
  email: Email,
  phone: Phone.optional(),
  staffType: z.enum(STAFF_TYPES),
  assignments: z
    .array(z.strictObject({ schoolId: RecordId, title: ShortText.optional(), primary: z.boolean().default(false) }))
    .min(1, { error: 'must assign the staff member to at least one school' }),
  applicationProfiles: ApplicationProfiles,
});
export type Staff = z.infer<typeof StaffSchema>;

export function checkStaff(staff: Staff): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  staff.assignments.forEach((assignment, index) => {
    if (seen.has(assignment.schoolId)) issues.push({ field: `assignments[${index}].schoolId`, message: 'repeats a school' });
    seen.add(assignment.schoolId);
  });
  if (staff.assignments.filter((assignment) => assignment.primary).length > 1) {
    issues.push({ field: 'assignments', message: 'may have at most one primary school' });
  }
  return issues;
}
