/**
 * The rostering collections of the OneRoster 1.2 REST binding: for each route, the OneRoster
 * objects it serves, made from the SIS records (before filter, sort and paging).
 */
import {
  academicSessions,
  course,
  demographics,
  districtOrg,
  enrollment,
  klass,
  parsePairId,
  parseSessionId,
  schoolOrg,
  sessionIds,
  staffUser,
  studentUser,
  guardianUser,
  type Source,
  DISTRICT_ORG_ID,
} from '../../../domain/oneroster/rest-model';
import type { Section } from '../../../domain/scheduling/schemas';
import type { RosterSources } from './sources';

export type OneRosterObject = Record<string, unknown>;
/** undefined: the parent the path names does not exist (404 unknownobject). */
export type CollectionLoader = (sources: RosterSources, params: Readonly<Record<string, string>>) => Promise<OneRosterObject[] | undefined>;
export type SingleLoader = (sources: RosterSources, sourcedId: string) => Promise<OneRosterObject | undefined>;

const latest = (values: readonly string[]) => values.reduce((max, value) => (value > max ? value : max), '1970-01-01T00:00:00.000Z');

async function orgs(sources: RosterSources) {
  const schools = await sources.schools();
  return [
    districtOrg(
      schools.map((school) => school.id),
      latest(schools.map((school) => school.updatedAt)),
    ),
    ...schools.map(schoolOrg),
  ];
}

async function sessionsOfSchool(sources: RosterSources, schoolId: string) {
  return (await sources.schoolYears(schoolId)).flatMap((year) => academicSessions(year, schoolId));
}

async function allSessions(sources: RosterSources) {
  return sources.perSchool<OneRosterObject>((schoolId) => sessionsOfSchool(sources, schoolId));
}

/** Classes with their courses' titles and codes (read in one BatchGetItem per 100 courses). */
async function classesOf(sources: RosterSources, sections: Source<Section>[]) {
  const courses = new Map((await sources.courses(sections.map((section) => section.data.courseId))).map((entry) => [entry.id, entry.data]));
  return sections.map((section) => {
    const owner = courses.get(section.data.courseId);
    return klass(section, owner?.title, owner?.code);
  });
}

/** The enrollments of sections: each rostered student, and each teacher (from the section record). */
async function enrollmentsOf(sources: RosterSources, sections: Source<Section>[]) {
  const perSection = await sources.each(sections, async (section) => {
    const roster = await sources.roster(section.id);
    const students = roster.map((entry) =>
      enrollment({
        sectionId: section.id,
        schoolId: section.data.schoolId,
        userId: entry.data.studentId,
        role: 'student',
        primary: false,
        updatedAt: entry.updatedAt,
        ...(entry.deletedAt ? { deletedAt: entry.deletedAt } : {}),
      }),
    );
    const teachers = section.data.teachers.map((teacher) =>
      enrollment({
        sectionId: section.id,
        schoolId: section.data.schoolId,
        userId: teacher.staffId,
        role: 'teacher',
        primary: teacher.role === 'primary',
        updatedAt: section.updatedAt,
        ...(section.deletedAt ? { deletedAt: section.deletedAt } : {}),
      }),
    );
    return [...teachers, ...students];
  });
  return perSection;
}

const isTeacher = (staff: { data: { staffType: string } }) => staff.data.staffType === 'teacher';

async function existing<T>(found: Promise<T | undefined>, then: (value: T) => Promise<OneRosterObject[]>) {
  const value = await found;
  return value === undefined ? undefined : then(value);
}

async function studentsOfSections(sources: RosterSources, sectionIds: readonly string[]) {
  const entries = await sources.each(sectionIds, (sectionId) => sources.roster(sectionId));
  const ids = [...new Set(entries.filter((entry) => !entry.deletedAt).map((entry) => entry.data.studentId))].sort();
  const students = await sources.each(ids, async (studentId) => {
    const student = await sources.student(studentId);
    return student ? [studentUser(student)] : [];
  });
  return students;
}

async function teacherClasses(sources: RosterSources, staffId: string) {
  const staff = await sources.staff(staffId);
  if (!staff) return undefined;
  const sections = await sources.each(
    staff.data.assignments.map((assignment) => assignment.schoolId),
    (schoolId) => sources.sectionsOfSchool(schoolId),
  );
  return classesOf(
    sources,
    sections.filter((section) => section.data.teachers.some((teacher) => teacher.staffId === staffId)),
  );
}

export const ROSTERING_COLLECTIONS: Readonly<Record<string, CollectionLoader>> = {
  orgs: (sources) => orgs(sources),
  schools: async (sources) => (await sources.schools()).map(schoolOrg),
  academicSessions: (sources) => allSessions(sources),
  terms: async (sources) => (await allSessions(sources)).filter((session) => session.type === 'term'),
  gradingPeriods: async (sources) => (await allSessions(sources)).filter((session) => session.type === 'gradingPeriod'),
  courses: async (sources) => (await sources.perSchool((schoolId) => sources.coursesOfSchool(schoolId))).map(course),
  classes: async (sources) => classesOf(sources, await sources.allSections()),
  users: async (sources) => [...(await sources.allStudents()).map((s) => studentUser(s)), ...(await sources.allStaff()).map(staffUser)],
  students: async (sources) => (await sources.allStudents()).map((s) => studentUser(s)),
  teachers: async (sources) => (await sources.allStaff()).filter(isTeacher).map(staffUser),
  enrollments: async (sources) => enrollmentsOf(sources, await sources.allSections()),
  demographics: async (sources) => (await sources.allStudents()).map(demographics),
  schoolClasses: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) => classesOf(sources, await sources.sectionsOfSchool(school.id))),
  schoolStudents: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) => (await sources.studentsOfSchool(school.id)).map((s) => studentUser(s))),
  schoolTeachers: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) => (await sources.staffOfSchool(school.id)).filter(isTeacher).map(staffUser)),
  schoolCourses: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) => (await sources.coursesOfSchool(school.id)).map(course)),
  schoolEnrollments: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) => enrollmentsOf(sources, await sources.sectionsOfSchool(school.id))),
  schoolTerms: (sources, { schoolSourcedId }) =>
    existing(sources.school(schoolSourcedId!), async (school) =>
      (await sessionsOfSchool(sources, school.id)).filter((session) => session.type === 'term'),
    ),
  classStudents: (sources, { classSourcedId }) =>
    existing(sources.section(classSourcedId!), (section) => studentsOfSections(sources, [section.id])),
  classTeachers: (sources, { classSourcedId }) =>
    existing(sources.section(classSourcedId!), async (section) => {
      const staff = await sources.each(section.data.teachers, async (teacher) => {
        const found = await sources.staff(teacher.staffId);
        return found ? [staffUser(found)] : [];
      });
      return staff;
    }),
  studentClasses: (sources, { studentSourcedId }) =>
    existing(sources.student(studentSourcedId!), async (student) => {
      const entries = (await sources.sectionsOfStudent(student.id)).filter((entry) => !entry.deletedAt);
      return classesOf(sources, await sources.sections(entries.map((entry) => entry.data.sectionId)));
    }),
  teacherClasses: (sources, { teacherSourcedId }) => teacherClasses(sources, teacherSourcedId!),
  termClasses: async (sources, { termSourcedId }) => {
    const session = parseSessionId(termSourcedId!);
    if (!session || session.kind !== 'term') return undefined;
    const year = await sources.schoolYear(session.schoolId, session.schoolYear);
    if (!year?.data.terms.some((term) => term.code === session.code)) return undefined;
    return classesOf(sources, await sources.sectionsOfSchool(session.schoolId, { schoolYear: session.schoolYear, termCode: session.code }));
  },
  courseClasses: (sources, { courseSourcedId }) =>
    existing(sources.course(courseSourcedId!), async (found) => {
      const sections = await sources.sectionsOfSchool(found.data.schoolId);
      return classesOf(
        sources,
        sections.filter((section) => section.data.courseId === found.id),
      );
    }),
};

async function session(sources: RosterSources, sourcedId: string) {
  const parsed = parseSessionId(sourcedId);
  if (!parsed) return undefined;
  const year = await sources.schoolYear(parsed.schoolId, parsed.schoolYear);
  if (!year) return undefined;
  return academicSessions(year, parsed.schoolId).find((candidate) => candidate.sourcedId === sourcedId);
}

async function user(sources: RosterSources, sourcedId: string): Promise<OneRosterObject | undefined> {
  const student = await sources.student(sourcedId);
  if (student)
    return studentUser(
      student,
      (await sources.guardianLinksOf(sourcedId)).filter((link) => !link.deletedAt).map((link) => link.data.guardianId),
    );
  const staff = await sources.staff(sourcedId);
  if (staff) return staffUser(staff);
  const guardian = await sources.guardian(sourcedId);
  if (!guardian) return undefined;
  const links = await sources.childrenOf(sourcedId);
  const children = await sources.each(links, async (link) => {
    const child = await sources.student(link.studentId);
    return child ? [{ studentId: link.studentId, schoolId: child.data.schoolId, relationship: link.relationship }] : [];
  });
  return guardianUser(guardian, children);
}

export const ROSTERING_SINGLES: Readonly<Record<string, SingleLoader>> = {
  org: async (sources, sourcedId) =>
    sourcedId === DISTRICT_ORG_ID ? (await orgs(sources))[0] : await sources.school(sourcedId).then((s) => s && schoolOrg(s)),
  school: async (sources, sourcedId) => (await sources.school(sourcedId).then((s) => s && schoolOrg(s))) ?? undefined,
  academicSession: (sources, sourcedId) => session(sources, sourcedId),
  term: async (sources, sourcedId) => ((await session(sources, sourcedId))?.type === 'term' ? session(sources, sourcedId) : undefined),
  gradingPeriod: async (sources, sourcedId) =>
    (await session(sources, sourcedId))?.type === 'gradingPeriod' ? session(sources, sourcedId) : undefined,
  course: async (sources, sourcedId) => (await sources.course(sourcedId).then((c) => c && course(c))) ?? undefined,
  class: async (sources, sourcedId) => {
    const section = await sources.section(sourcedId);
    return section ? (await classesOf(sources, [section]))[0] : undefined;
  },
  user: (sources, sourcedId) => user(sources, sourcedId),
  student: async (sources, sourcedId) => {
    const student = await sources.student(sourcedId);
    return student ? user(sources, sourcedId) : undefined;
  },
  teacher: async (sources, sourcedId) => {
    const staff = await sources.staff(sourcedId);
    return staff && isTeacher(staff) ? staffUser(staff) : undefined;
  },
  enrollment: async (sources, sourcedId) => {
    const pair = parsePairId(sourcedId);
    if (!pair) return undefined;
    const section = await sources.section(pair[0]);
    if (!section) return undefined;
    return (await enrollmentsOf(sources, [section])).find((candidate) => candidate.sourcedId === sourcedId);
  },
  demographicsOne: async (sources, sourcedId) => (await sources.student(sourcedId).then((s) => s && demographics(s))) ?? undefined,
};

export { sessionIds };
