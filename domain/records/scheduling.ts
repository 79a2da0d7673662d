import { keys } from '../keys';
import {
  checkCourse,
  checkCourseRequest,
  checkSection,
  CourseSchema,
  RosterEntrySchema,
  SectionSchema,
  StoredCourseRequestSchema,
} from '../scheduling/schemas';
import { checkSectionCover, SectionCoverSchema } from '../scheduling/section-cover';
import { slotsOf } from '../scheduling/slots';
import { staffType } from './people';
import { define, id, type Reference, type UniqueClaim } from './record-kind';
import { schoolReference } from './schools';

/** Record kinds of scheduling: courses, sections, roster entries, course requests. */

export const courseType = define({
  entity: 'course',
  label: 'Course',
  resource: 'course',
  source: 'sis.scheduling',
  schema: CourseSchema,
  idParams: ['courseId'],
  // Sections and completions name a course by its id and code: neither changes, nor its school.
  immutable: ['schoolId', 'code'],
  key: (ids) => keys.course(id(ids, 'courseId')),
  check: checkCourse,
  indexKeys: (course) => keys.coursesOfSchoolByCode(course.schoolId, course.code),
  uniques: (course) => [
    { key: keys.courseCode(course.schoolId, course.code), field: 'code', message: `The school already has a course ${course.code}.` },
  ],
  references: (course) => [schoolReference(course.schoolId, 'schoolId')],
  schoolIds: (course) => [course.schoolId],
});

/** Slot cells × (room + teachers) a section may claim: keeps a section's change within one transaction. */
export const MAX_SECTION_SLOT_CLAIMS = 40;

export const sectionType = define({
  entity: 'section',
  label: 'Section',
  resource: 'section',
  source: 'sis.scheduling',
  schema: SectionSchema,
  idParams: ['sectionId'],
  immutable: ['schoolId', 'courseId', 'schoolYear', 'termCode'],
  releaseClaimsWhenDeleted: true,
  key: (ids) => keys.section(id(ids, 'sectionId')),
  check: (section) => {
    const issues = checkSection(section);
    const holders = (section.room ? 1 : 0) + section.teachers.length;
    const claims = slotsOf(section.meetings).length * holders;
    if (claims > MAX_SECTION_SLOT_CLAIMS) {
      issues.push({
        field: 'meetings',
        message: `book too many room and teacher slots at once (${claims}, at most ${MAX_SECTION_SLOT_CLAIMS}); split the section's meetings`,
      });
    }
    return issues;
  },
  indexKeys: (section) =>
    keys.sectionsOfSchoolTermByCourse(section.schoolId, section.schoolYear, section.termCode, section.courseId, section.sectionNumber),
  // One item per teacher: a teacher's sections of a term are one query (gsi2).
  projections: (section, ids) =>
    section.teachers.map((teacher) => ({
      ...keys.sectionTeacher(id(ids, 'sectionId'), teacher.staffId),
      ...keys.sectionsOfTeacherByCourse(
        teacher.staffId,
        section.schoolYear,
        section.termCode,
        section.courseId,
        section.sectionNumber,
        id(ids, 'sectionId'),
      ),
    })),
  uniques: (section) => {
    const number: UniqueClaim = {
      key: keys.sectionNumber(section.courseId, section.schoolYear, section.termCode, section.sectionNumber),
      field: 'sectionNumber',
      message: `The course already has a section ${section.sectionNumber} in ${section.schoolYear} ${section.termCode}.`,
    };
    // A cancelled section keeps its number but frees its room and its teachers.
    if (section.status === 'cancelled') return [number];
    const cells = slotsOf(section.meetings);
    const room: UniqueClaim[] = section.room
      ? cells.map((cell) => ({
          key: keys.roomSlot(section.schoolId, section.room!, section.schoolYear, section.termCode, cell),
          field: 'room',
          message: `Room ${section.room} is taken by another section at one of these times.`,
        }))
      : [];
    const teachers: UniqueClaim[] = section.teachers.flatMap((teacher, index) =>
      cells.map((cell) => ({
        key: keys.teacherSlot(teacher.staffId, section.schoolYear, section.termCode, cell),
        field: `teachers[${index}].staffId`,
        message: 'The teacher teaches another section at one of these times.',
      })),
    );
    return [number, ...room, ...teachers];
  },
  references: (section) => [
    { type: courseType, ids: { courseId: section.courseId }, field: 'courseId' },
    ...section.teachers.map((teacher, index) => ({
      type: staffType,
      ids: { staffId: teacher.staffId },
      field: `teachers[${index}].staffId`,
    })),
  ],
  schoolIds: (section) => [section.schoolId],
});

/**
 * A student on a section's roster. Written only by the assignment use cases (which add the seat
 * counter and the student's slot items to the same transaction), never through the generic record
 * routes; it keeps a history like every record, and a drop is a soft delete.
 */
export const rosterEntryType = define({
  entity: 'rosterEntry',
  label: 'Roster Entry',
  resource: 'roster',
  source: 'sis.scheduling',
  schema: RosterEntrySchema,
  idParams: ['sectionId', 'studentId'],
  immutable: ['studentId', 'sectionId', 'schoolId', 'courseId', 'schoolYear', 'termCode'],
  key: (ids) => keys.rosterEntry(id(ids, 'sectionId'), id(ids, 'studentId')),
  newId: (entry) => entry.studentId,
  indexKeys: (entry) => ({
    ...keys.scheduleOfStudentBySection(entry.studentId, entry.schoolYear, entry.termCode, entry.sectionId),
    ...keys.sectionsOfStudentByYear(entry.studentId, entry.schoolYear, entry.termCode, entry.sectionId),
  }),
  schoolIds: (entry) => [entry.schoolId],
});

/** A student's course requests for one term: one document, replaced as a whole, with its history. */
export const courseRequestsType = define({
  entity: 'courseRequests',
  label: 'Course Requests',
  resource: 'courseRequest',
  source: 'sis.scheduling',
  schema: StoredCourseRequestSchema,
  idParams: ['studentId', 'schoolYear', 'termCode'],
  immutable: ['schoolYear', 'termCode'],
  key: (ids) => keys.courseRequests(id(ids, 'studentId'), id(ids, 'schoolYear'), id(ids, 'termCode')),
  newId: (requests) => requests.termCode,
  check: (requests) => checkCourseRequest(requests),
  indexKeys: (requests, ids) =>
    keys.courseRequestsOfSchoolTermByStudent(requests.schoolId, requests.schoolYear, requests.termCode, id(ids, 'studentId')),
  schoolIds: (requests) => [requests.schoolId],
});

/**
 * A substitute's cover of a section for some days (decision 0147): kept in the section's partition,
 * where the policy reads it when a staff member who is not the section's teacher acts on it. The
 * office writes it through the generic record routes; its school is its section's.
 */
export const sectionCoverType = define({
  entity: 'sectionCover',
  label: 'Substitute Cover',
  resource: 'sectionCover',
  source: 'sis.scheduling',
  schema: SectionCoverSchema,
  idParams: ['sectionId', 'coverId'],
  key: (ids) => keys.sectionCover(id(ids, 'sectionId'), id(ids, 'coverId')),
  check: checkSectionCover,
  indexKeys: (cover, ids) => keys.coversOfStaffByEnd(cover.staffId, cover.endDate, id(ids, 'sectionId')),
  references: (cover, ids): Reference[] => [
    { type: sectionType, ids: { sectionId: id(ids, 'sectionId') }, field: 'sectionId' },
    { type: staffType, ids: { staffId: cover.staffId }, field: 'staffId' },
  ],
  schoolIds: () => [],
  parentSchool: 'section',
});
