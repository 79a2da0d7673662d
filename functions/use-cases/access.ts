import { Forbidden, NotFound } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { decide, relationshipsFor, type Action, type Facts, type Resource } from '../../domain/policy';
import type { Principal } from '../../domain/principal';
import { localTime } from '../../domain/notifications/timing';
import {
  advisorType,
  guardianLinkType,
  schoolType,
  sectionCoverType,
  sectionType,
  staffType,
  studentType,
  type Ids,
  type RecordData,
} from '../../domain/records/record-types';
import { coverHolds } from '../../domain/scheduling/section-cover';
import type { EnrollmentStore } from '../repositories/enrollment-store';
import type { RecordStore } from '../repositories/record-store';
import type { ScheduleStore } from '../repositories/schedule-store';

/**
 * Resolves the facts the policy needs about a caller's relationship to a record, reading only
 * what the caller's roles could use (a district admin's `any` grant needs no reads at all).
 */
/** What a refusal calls a resource whose policy name is not a word a caller would use. */
const DENIED_NAMES: Partial<Record<Resource, string>> = {
  attendanceDue: "staff member's classes still to take attendance",
  sectionCover: "section's substitute cover",
  advisor: "student's advisor record",
  disciplineAction: 'suspension or expulsion (a school administrator decides one)',
  behaviorCounts: "school's behavior counts",
  earlyWarning: "school's early-warning list",
};

/** A policy resource as a caller reads it: `studentAttendance` → "student attendance". */
const inWords = (resource: Resource) => resource.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

export class AccessControl {
  constructor(
    private readonly store: RecordStore,
    private readonly enrollments?: EnrollmentStore,
    private readonly schedules?: ScheduleStore,
    /** The clock a substitute's cover is checked against (its days are the school's local dates). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Throws Forbidden unless the policy allows the action on a record with these facts. */
  async authorize(principal: Principal, action: Action, resource: Resource, ids: Ids, data?: RecordData): Promise<void> {
    const needed = relationshipsFor(principal, resource, action);
    if (needed.has('any')) return;
    if (needed.size === 0) throw this.denied(action, resource);
    const facts = await this.facts(principal, resource, ids, data, needed);
    if (decide(principal, action, resource, facts)) return;
    // The relationships that cost reads of their own are resolved only when the others did not grant the action: a
    // colleague reading a section of their school, or a student's own teacher, never reads covers or assignments.
    const later = await this.laterFacts(principal, ids, facts, needed);
    if (!later || !decide(principal, action, resource, { ...facts, ...later })) throw this.denied(action, resource);
  }

  /** Whether the policy allows the action (authorize's decision, as a value: a list keeps the records its caller may read). */
  async permits(principal: Principal, action: Action, resource: Resource, ids: Ids, data?: RecordData): Promise<boolean> {
    try {
      await this.authorize(principal, action, resource, ids, data);
      return true;
    } catch (error) {
      if (error instanceof Forbidden) return false;
      throw error;
    }
  }

  /** A substitute's cover of the section today (decision 0147), or an advisor's assignment to the student (0148). */
  private async laterFacts(principal: Principal, ids: Ids, facts: Facts, needed: Set<string>): Promise<Facts | undefined> {
    const { staffId } = principal;
    if (staffId === undefined) return undefined;
    const schoolId = facts.schoolIds?.[0];
    if ((needed.has('substituteOfSection') || needed.has('gradingSubstitute')) && ids.sectionId && schoolId && !facts.teacherOfSection) {
      const cover = await this.coverToday(staffId, ids.sectionId, schoolId, ids.date);
      return cover && { substituteOfSection: true, gradingSubstitute: cover.postGrades };
    }
    if (needed.has('advisorOfStudent') && ids.studentId && !facts.teacherOfStudent)
      return (await this.advises(staffId, ids.studentId)) ? { advisorOfStudent: true } : undefined;
    return undefined;
  }

  private denied(action: Action, resource: Resource): Forbidden {
    return new Forbidden(`You may not ${action} this ${DENIED_NAMES[resource] ?? `${inWords(resource)} record`}.`);
  }

  private async facts(
    principal: Principal,
    resource: Resource,
    ids: Ids,
    data: RecordData | undefined,
    needed: Set<string>,
  ): Promise<Facts> {
    switch (resource) {
      case 'school':
      case 'calendar':
      case 'activity':
      case 'behaviorCounts':
      case 'earlyWarning':
      case 'rollover':
        return { schoolIds: ids.schoolId ? [ids.schoolId] : [] };
      case 'staff':
      case 'attendanceDue': {
        const assignments = (data?.assignments as { schoolId: string }[] | undefined) ?? [];
        return {
          staffId: ids.staffId,
          schoolIds: data ? assignments.map((assignment) => assignment.schoolId) : ids.schoolId ? [ids.schoolId] : [],
        };
      }
      case 'student':
      case 'guardianLink':
        return this.studentFacts(principal, ids, resource === 'student' ? data : undefined, needed);
      // data: the assignment, whose staff member is `self`; without a student, a staff member's advisees (`self`: the
      // staff member; the office of their schools).
      case 'advisor': {
        if (ids.studentId) {
          const facts = await this.studentFacts(principal, ids, undefined, needed);
          return typeof data?.staffId === 'string' ? { ...facts, staffId: data.staffId } : facts;
        }
        const staff = ids.staffId && needed.has('ofTheirSchool') ? await this.store.get(staffType, { staffId: ids.staffId }) : undefined;
        return { staffId: ids.staffId, schoolIds: (staff?.data.assignments ?? []).map((assignment) => assignment.schoolId) };
      }
      case 'enrollment': {
        // data: the request or enrollment (schoolId, requestedBy, studentId).
        const studentId = (data?.studentId as string | undefined) ?? ids.studentId;
        const schoolId = (data?.schoolId as string | undefined) ?? ids.schoolId;
        const student = studentId ? await this.studentFacts(principal, { studentId }, schoolId ? { schoolId } : undefined, needed) : {};
        return {
          ...student,
          schoolIds: schoolId ? [schoolId] : (student.schoolIds ?? []),
          ...(typeof data?.requestedBy === 'string' ? { requestedBy: data.requestedBy } : {}),
        };
      }
      case 'guardian':
        return {
          guardianId: ids.guardianId,
          schoolIds: needed.has('ofTheirSchool') && ids.guardianId ? await this.schoolsOfGuardian(ids.guardianId) : [],
        };
      // data: the course, or the section (a roster is its section's).
      case 'course':
      case 'section':
      case 'roster':
      case 'masterSchedule':
      case 'attendance':
      case 'officeAttendance':
      case 'gradebook':
      case 'reportCard':
      case 'attendanceCode':
        return this.sectionFacts(principal, ids, data);
      // data: the cover; the facts are its section's, and `self` is the substitute it names.
      case 'sectionCover': {
        const section = ids.sectionId ? await this.store.get(sectionType, { sectionId: ids.sectionId }) : undefined;
        // A cover of no section is not there to be refused (the office would read 403 for a mistyped id).
        if (!section || section.deletedAt) throw new NotFound(`No section ${ids.sectionId}.`);
        const facts = this.sectionFacts(principal, ids, section.data);
        return { ...facts, ...(typeof data?.staffId === 'string' ? { staffId: data.staffId } : {}) };
      }
      case 'schedule':
      case 'courseRequest':
      case 'studentAttendance':
      case 'studentGrades':
      case 'transferCredit':
      case 'studentNotifications':
      case 'healthRecord':
      case 'healthAlert':
      case 'counselingRecord':
      case 'studentPlan':
      case 'accommodations':
      case 'accessLog':
      case 'disciplineAction':
        return this.studentFacts(principal, ids, data, needed);
      // data: the record, whose reporter is `reporter`.
      case 'behaviorRecord': {
        const facts = await this.studentFacts(principal, ids, data, needed);
        return typeof data?.reportedBy === 'string' ? { ...facts, reportedBy: data.reportedBy } : facts;
      }
      case 'family':
        return ids.studentId ? this.studentFacts(principal, ids, data, needed) : { guardianId: principal.guardianId };
    }
  }

  /** A section's facts (data: the section, or a course): its school, and whether the caller teaches it. */
  private sectionFacts(principal: Principal, ids: Ids, data: RecordData | undefined): Facts {
    const schoolId = (data?.schoolId as string | undefined) ?? ids.schoolId;
    const teachers = (data?.teachers as { staffId: string }[] | undefined) ?? [];
    return {
      schoolIds: schoolId ? [schoolId] : [],
      teacherOfSection: principal.staffId !== undefined && teachers.some((teacher) => teacher.staffId === principal.staffId),
    };
  }

  /**
   * The caller's cover of the section that holds today, in the school's time zone, and on the day the
   * action is about when it is about one (a day's attendance): one query of the section's covers (a
   * handful), and the school's time zone only when one names the caller (decision 0147).
   */
  private async coverToday(staffId: string, sectionId: string, schoolId: string, day?: string) {
    const { pk, skPrefix } = keys.coversOfSection(sectionId);
    const covers = await this.store.queryAll(sectionCoverType, { partition: pk, sortKeyPrefix: skPrefix });
    const theirs = covers.filter((cover) => cover.data.staffId === staffId && cover.deletedAt === undefined);
    if (theirs.length === 0) return undefined;
    const school = await this.store.get(schoolType, { schoolId });
    const today = localTime(this.now(), String(school?.data.timeZone ?? 'UTC')).date;
    return theirs.find((cover) => coverHolds(cover, today) && (day === undefined || coverHolds(cover, day)))?.data;
  }

  /** The same access control on another clock (a test's school day). */
  withClock(now: () => Date): AccessControl {
    return new AccessControl(this.store, this.enrollments, this.schedules, now);
  }

  private async studentFacts(principal: Principal, ids: Ids, data: RecordData | undefined, needed: Set<string>): Promise<Facts> {
    const studentId = ids.studentId;
    let schoolId = data?.schoolId as string | undefined;
    if (schoolId === undefined && ids.schoolId) schoolId = ids.schoolId;
    if (schoolId === undefined && studentId)
      schoolId = (await this.store.get(studentType, { studentId }))?.data.schoolId as string | undefined;
    let guardianOfStudent = false;
    if (needed.has('guardianOfStudent') && principal.guardianId && studentId) {
      const link = await this.store.get(guardianLinkType, { studentId, guardianId: principal.guardianId });
      guardianOfStudent = link !== undefined && link.deletedAt === undefined && link.data.educationalRights === true;
    }
    const teacherOfStudent =
      needed.has('teacherOfStudent') && principal.staffId !== undefined && studentId !== undefined
        ? await this.teaches(principal.staffId, studentId)
        : false;
    return { schoolIds: schoolId ? [schoolId] : [], guardianOfStudent, teacherOfStudent };
  }

  /**
   * A teacher sees a student while the student sits in one of their sections in a school year the
   * student is enrolled in (a former teacher of last year's class does not).
   */
  private async teaches(staffId: string, studentId: string): Promise<boolean> {
    if (!this.schedules || !this.enrollments) return false;
    const years = await this.enrollments.activeYears(studentId);
    const sectionIds = (await Promise.all(years.map((year) => this.schedules!.sectionIdsOfStudentInYear(studentId, year)))).flat();
    return this.schedules.teachesAny(staffId, sectionIds);
  }

  /** Whether the staff member is the student's advisor or homeroom teacher (a live assignment). */
  private async advises(staffId: string, studentId: string): Promise<boolean> {
    const assignment = await this.store.get(advisorType, { studentId, staffId });
    return assignment !== undefined && assignment.deletedAt === undefined;
  }

  /** The schools a guardian's children attend. */
  async schoolsOfGuardian(guardianId: string): Promise<string[]> {
    const { pk, skPrefix } = keys.childrenOfGuardianQuery(guardianId);
    const studentIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.query(guardianLinkType, { index: 'gsi1', partition: pk, sortKeyPrefix: skPrefix, limit: 100, cursor });
      studentIds.push(...page.items.map((link) => link.ids.studentId).filter((id): id is string => id !== undefined));
      cursor = page.nextCursor;
    } while (cursor);
    const students = await this.store.getMany(
      studentType,
      studentIds.map((studentId) => ({ studentId })),
    );
    return [...new Set(students.map((student) => String(student.data.schoolId)))];
  }
}
