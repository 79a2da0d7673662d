/**
 * A synthetic district (names from @faker-js/faker in the seed command, see seed-names.ts): schools with a calendar, courses, teachers and
 * other staff, sections that never double-book a teacher or a room, students whose birth dates fit
 * their grades, and their guardians, named and reading notices in the family's language. It is
 * produced as a OneRoster CSV set (through the exporter's own row mapping) plus the SIS-only
 * records OneRoster has no file for (bell schedules).
 */
import { newId } from '../../domain/ids';
import { EXPORTED_FILES, type CsvFile } from '../../domain/oneroster/csv-files';
import { guardianRows, staffRows, studentRows } from '../../domain/oneroster/csv-people';
import { categoryRows, lineItemRow, resultRow } from '../../domain/oneroster/csv-gradebook';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import {
  classRow,
  courseRow,
  districtRow,
  schoolRow,
  sessionRows,
  studentEnrollmentRows,
  teacherEnrollmentRows,
} from '../../domain/oneroster/csv-schooling';
import type { RecordData } from '../../domain/records/record-types';
import type { CsvOutput } from './oneroster-archive';
import { csvOutputs } from './oneroster-exporter';
import {
  COURSES,
  PERIODS,
  SCHOOL_KINDS,
  SEED_ASSIGNMENTS,
  SEED_LANGUAGES,
  SEED_SECTION_SIZE,
  SEED_YEAR,
  type SeedNames,
} from './oneroster-seed-catalog';

export interface SeedOptions {
  readonly students: number;
  readonly names: SeedNames;
}

/** What OneRoster cannot carry, written through the record use cases after the import. */
export interface SisOnly {
  readonly bellSchedules: { schoolId: string; data: RecordData }[];
  /** Each section's roster, for the attendance the seed takes after the import. */
  readonly sections: { sectionId: string; roster: string[] }[];
}

export interface SeededDistrict {
  readonly outputs: CsvOutput[];
  readonly sisOnly: SisOnly;
  readonly counts: Record<string, number>;
}

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()
    .slice(0, 20) || 'family';

type SeedSection = { sectionId: string; period: string; taken: number; roster: string[] };
/** A grade's sections, one group per course (they are made course by course, `perCourse` each). */
const courseGroups = <T>(sections: readonly T[], perCourse: number): T[][] =>
  Array.from({ length: Math.ceil(sections.length / perCourse) }, (_, index) => sections.slice(index * perCourse, (index + 1) * perCourse));

const gradeAge = (grade: string) => (grade === 'KG' ? 5 : Number(grade) + 5);

/** The seeded school year: a calendar the API reference's example school year shows too. */
export const SEED_SCHOOL_YEAR = {
  schoolYear: SEED_YEAR,
  startDate: '2026-08-24',
  endDate: '2027-06-04',
  status: 'active',
  terms: [
    { code: 'S1', name: 'Fall semester', startDate: '2026-08-24', endDate: '2027-01-15' },
    { code: 'S2', name: 'Spring semester', startDate: '2027-01-19', endDate: '2027-06-04' },
  ],
  gradingPeriods: [
    { code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-08-24', endDate: '2026-10-23' },
    { code: 'Q2', name: 'Quarter 2', termCode: 'S1', startDate: '2026-10-26', endDate: '2027-01-15' },
    { code: 'Q3', name: 'Quarter 3', termCode: 'S2', startDate: '2027-01-19', endDate: '2027-03-26' },
    { code: 'Q4', name: 'Quarter 4', termCode: 'S2', startDate: '2027-03-29', endDate: '2027-06-04' },
  ],
  nonInstructionalDays: [
    { date: '2026-09-07', reason: 'Labor Day' },
    { date: '2026-11-26', reason: 'Thanksgiving' },
    { date: '2027-01-18', reason: 'Martin Luther King Jr. Day' },
  ],
};

/** Generates the district as a OneRoster CSV set (rows sorted by sourcedId) and its SIS-only records. */
export function generateDistrict(options: SeedOptions): SeededDistrict {
  const names = options.names;
  const phone = () => `+1555${String(names.int(0, 9_999_999)).padStart(7, '0')}`;
  const address = () => ({
    line1: names.street(),
    city: names.city(),
    state: names.state(),
    postalCode: String(names.int(10_000, 99_999)),
  });
  const weighted = SEED_LANGUAGES.flatMap((language) => Array.from({ length: language.weight }, () => language.tag));
  const same = (_kind: string, id: string) => id;
  const rows: Record<CsvFile, CsvRow[]> = Object.fromEntries(EXPORTED_FILES.map((file) => [file, []])) as unknown as Record<
    CsvFile,
    CsvRow[]
  >;
  const bellSchedules: SisOnly['bellSchedules'] = [];
  const seededSections: SisOnly['sections'] = [];
  const schoolCount = Math.max(1, Math.round(options.students / 600));
  const perSchool = Math.ceil(options.students / schoolCount);
  let studentNumber = 0;
  let employeeNumber = 0;
  let guardianCount = 0;
  let staffCount = 0;
  let sectionCount = 0;
  let placements = 0;
  let assignments = 0;
  let scores = 0;
  rows.orgs.push(districtRow(`${names.city()} Unified School District`));

  for (let s = 0; s < schoolCount && studentNumber < options.students; s += 1) {
    const kind = SCHOOL_KINDS[s % SCHOOL_KINDS.length]!;
    const schoolId = newId();
    const school = {
      name: `${names.lastName('en')} ${kind.label}`,
      code: `SCH-${String(s + 1).padStart(3, '0')}`,
      type: kind.type,
      gradeLevels: [...kind.grades],
      address: address(),
      phone: phone(),
      principalName: `${names.firstName('en')} ${names.lastName('en')}`,
      timeZone: 'America/Chicago',
      status: 'active',
    };
    rows.orgs.push(schoolRow(schoolId, school, same));
    rows.academicSessions.push(...sessionRows(schoolId, { ...SEED_SCHOOL_YEAR, gradeCapacities: {} }, same));
    bellSchedules.push({
      schoolId,
      data: {
        name: 'Regular day',
        isDefault: true,
        periods: PERIODS.map((code, index) => ({
          code,
          name: `Period ${index + 1}`,
          startTime: `${String(8 + index).padStart(2, '0')}:00`,
          endTime: `${String(8 + index).padStart(2, '0')}:50`,
        })),
      },
    });

    // Staff: one teacher per 25 students (at least one per course), an administrator, a counselor, a nurse.
    const teachers: string[] = [];
    const staffMember = (staffType: string, title?: string) => {
      const id = newId();
      const first = names.firstName('en');
      const last = names.lastName('en');
      employeeNumber += 1;
      staffCount += 1;
      const data = {
        name: { first, last },
        employeeId: `E${String(employeeNumber).padStart(6, '0')}`,
        email: `${ascii(first)}.${ascii(last)}.${employeeNumber}@district.example`,
        phone: phone(),
        staffType,
        assignments: [{ schoolId, primary: true, ...(title ? { title } : {}) }],
        // Their account at the district's learning platform (a OneRoster userProfile; no password is kept).
        applicationProfiles: [
          {
            profileId: `E${String(employeeNumber).padStart(6, '0')}.lms`,
            profileType: 'lms',
            vendorId: 'district-lms',
            credentialType: 'sso',
            username: `${ascii(first)}.${ascii(last)}.${employeeNumber}`,
          },
        ],
      };
      const person = staffRows(id, data, same);
      rows.users.push(person.user);
      rows.roles.push(...person.roles);
      rows.userProfiles.push(...person.profiles);
      return id;
    };
    staffMember('administrator', 'Principal');
    staffMember('counselor', 'Counselor');
    staffMember('nurse', 'School nurse');
    const sectionsPerCourse = Math.max(1, Math.ceil(perSchool / 30 / kind.grades.length));
    // Enough teachers (each with a room of their own) that every section has a period free for both.
    const schoolSections = COURSES.length * kind.grades.length * sectionsPerCourse;
    const teacherCount = Math.max(COURSES.length, Math.ceil(perSchool / 25), Math.ceil(schoolSections / PERIODS.length));
    for (let t = 0; t < teacherCount; t += 1) teachers.push(staffMember('teacher'));

    // Courses, and sections spread so that no teacher (nor their room) is in two places at once.
    let slot = 0;
    const sectionsOf = new Map<string, SeedSection[]>();
    for (const template of COURSES) {
      for (const grade of kind.grades) {
        const courseId = newId();
        const course = {
          schoolId,
          code: `${template.code}-${grade}`,
          title: `${template.title} ${grade === 'KG' ? 'K' : String(Number(grade))}`,
          subject: template.subject,
          gradeLevels: [grade],
          credits: kind.type === 'high' ? 1 : 0,
          prerequisites: [],
          repeatable: template.subject === 'pe-health',
          defaultCapacity: 32,
          status: 'active',
        };
        rows.courses.push(courseRow(courseId, course, same));
        for (let n = 0; n < sectionsPerCourse; n += 1) {
          const teacherIndex = slot % teachers.length;
          const period = PERIODS[Math.floor(slot / teachers.length) % PERIODS.length]!;
          slot += 1;
          const sectionId = newId();
          const section = {
            schoolId,
            courseId,
            schoolYear: SEED_YEAR,
            termCode: 'S1',
            sectionNumber: String(n + 1).padStart(2, '0'),
            meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
            room: `R${100 + teacherIndex}`,
            teachers: [{ staffId: teachers[teacherIndex]!, role: 'primary' }],
            status: 'active',
          };
          sectionCount += 1;
          rows.classes.push(classRow(sectionId, section, { title: course.title, gradeLevels: course.gradeLevels }, same));
          rows.enrollments.push(...teacherEnrollmentRows(sectionId, section, same));
          const offered = sectionsOf.get(grade) ?? [];
          offered.push({ sectionId, period, taken: 0, roster: [] });
          sectionsOf.set(grade, offered);
        }
      }
    }

    // Students and their families, in the family's language.
    for (let n = 0; n < perSchool && studentNumber < options.students; n += 1) {
      studentNumber += 1;
      const language = names.pick(weighted);
      const last = names.lastName(language);
      const grade = kind.grades[n % kind.grades.length]!;
      const birthYear = 2026 - gradeAge(grade) - 1;
      const birthDate = `${birthYear}-${String(names.int(9, 12)).padStart(2, '0')}-${String(names.int(1, 28)).padStart(2, '0')}`;
      const studentId = newId();
      const links: { guardianId: string; data: RecordData }[] = [];
      const guardians = names.int(1, 10) <= 6 ? 2 : 1;
      const home = address();
      for (let g = 0; g < guardians; g += 1) {
        const guardianId = newId();
        guardianCount += 1;
        const first = names.firstName(language, g === 0 ? 'female' : 'male');
        const guardian = {
          name: { first, last },
          email: `${ascii(first)}.${ascii(last)}.${guardianCount}@family.example`,
          phone: phone(),
          preferredLanguage: language,
          address: home,
        };
        const person = guardianRows(
          guardianId,
          guardian,
          [{ studentId, schoolId, relationship: g === 0 ? 'mother' : 'father' }],
          'district',
          same,
        );
        rows.users.push(person.user);
        rows.roles.push(...person.roles);
        links.push({
          guardianId,
          data: {
            guardianId,
            relationship: g === 0 ? 'mother' : 'father',
            custody: true,
            educationalRights: true,
            mayContact: true,
            livesWith: true,
            emergencyContact: g === 0,
            mayPickUp: true,
            contactPriority: g + 1,
          },
        });
      }
      const student = {
        districtStudentId: `S${String(studentNumber).padStart(7, '0')}`,
        schoolId,
        legalName: { first: names.firstName(language), last },
        birthDate,
        gender: names.pick(['female', 'male', 'female', 'male', 'nonbinary', 'unspecified']),
        gradeLevel: grade,
        homeLanguage: language,
        address: home,
        // The library's card number (a OneRoster userProfile).
        applicationProfiles: [
          {
            profileId: `S${String(studentNumber).padStart(7, '0')}.library`,
            profileType: 'library',
            vendorId: 'district-library',
            credentialType: 'barcode',
            username: `L${String(studentNumber).padStart(7, '0')}`,
          },
        ],
      };
      const person = studentRows(studentId, student, links, same);
      rows.users.push(person.user);
      rows.roles.push(...person.roles);
      rows.userProfiles.push(...person.profiles);
      rows.demographics.push(person.demographic!);
      // A schedule: the least-filled section of each course the grade offers, at a period still free.
      const busy = new Set<string>();
      for (const group of courseGroups(sectionsOf.get(grade) ?? [], sectionsPerCourse)) {
        const open = group.filter((offered) => !busy.has(offered.period) && offered.taken < SEED_SECTION_SIZE);
        const chosen = open.sort((a, b) => a.taken - b.taken)[0];
        if (!chosen) continue;
        chosen.taken += 1;
        chosen.roster.push(studentId);
        busy.add(chosen.period);
        placements += 1;
        rows.enrollments.push(...studentEnrollmentRows([{ sectionId: chosen.sectionId, studentId, schoolId }], same));
      }
    }

    // A gradebook per section: two weighted categories, three published assignments, a score for each student.
    for (const offered of [...sectionsOf.values()].flat()) {
      seededSections.push({ sectionId: offered.sectionId, roster: offered.roster });
      const settings = {
        mode: 'weighted',
        categories: [
          { id: 'homework', name: 'Homework', weight: 40 },
          { id: 'tests', name: 'Tests', weight: 60 },
        ],
        missingCountsAsZero: false,
        sectionId: offered.sectionId,
        schoolId,
      };
      rows.categories.push(...categoryRows(offered.sectionId, settings, same));
      for (const work of SEED_ASSIGNMENTS) {
        const assignmentId = newId();
        const assignment = { ...work, maxPoints: 100, extraCreditAllowed: false, extraCreditOnly: false, published: true };
        rows.lineItems.push(lineItemRow(assignmentId, { ...assignment, sectionId: offered.sectionId, schoolId }, same));
        assignments += 1;
        for (const studentId of offered.roster) {
          const missing = names.int(1, 25) === 1;
          const score = missing ? { status: 'missing' } : { points: names.int(55, 100) };
          rows.results.push(resultRow({ sectionId: offered.sectionId, assignmentId, studentId, ...score }, same));
          scores += 1;
        }
      }
    }
  }

  return {
    outputs: csvOutputs(rows, 'district-sis seed'),
    sisOnly: { bellSchedules, sections: seededSections },
    counts: {
      schools: schoolCount,
      students: studentNumber,
      guardians: guardianCount,
      staff: staffCount,
      sections: sectionCount,
      placements,
      assignments,
      scores,
    },
  };
}
