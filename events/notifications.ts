import * as z from 'zod';
import { GRADEBOOK_DETAIL_TYPES } from '../domain/gradebook/events';
import type { NotificationKind } from '../domain/notifications/preferences';
import type { NoticeValues } from '../domain/notifications/templates';
import {
  AssignmentMissingSchema,
  AssignmentMissingSchemaV1,
  AttendanceMarkSchema,
  ConfidentialRecordEventSchema,
  currentDetail,
  ENROLLMENT_EVENTS,
  EventCommonSchema,
  GradePostedSchema,
  GradePostedSchemaV1,
  LowGradeSchema,
  LowGradeSchemaV1,
  SCHEDULING_EVENTS,
  StudentEnrolledSchema,
  StudentScheduleChangedSchema,
} from './catalog';

export { NOTICE_DETAIL_TYPES } from './notice-types';

/**
 * What a gradebook notice reads from the table when it is delivered: version-2 gradebook events
 * carry ids only (decision 0089). The notifier's use case fills `values` from it.
 */
export type NoticeLookup =
  | {
      readonly kind: 'lowGrade';
      readonly eventId: string;
      readonly sectionId: string;
      readonly studentId: string;
      /** The grading period the grade falls in, by code; the notice names it. */
      readonly gradingPeriod?: string;
    }
  | {
      readonly kind: 'reportCardPosted';
      readonly sectionId: string;
      readonly studentId: string;
      readonly gradingPeriod: string;
      /** The mark's version the event is about; the current mark when absent (an event upgraded from version 1). */
      readonly recordVersion?: number;
    }
  | { readonly kind: 'missingAssignment'; readonly sectionId: string; readonly assignmentId: string }
  /** A discipline action: its kind and dates, from the item written with it (the event carries ids only, decision 0066). */
  | { readonly kind: 'disciplinaryAction'; readonly studentId: string; readonly recordId: string };

/** An attendance mark a notice is about: the notifier words it by what each family was told that day (decision 0116). */
export interface NoticeMark {
  readonly sectionId: string;
  readonly date: string;
  readonly category: 'present' | 'tardy' | 'absent';
  readonly excused: boolean;
  readonly periods: readonly string[];
}

/** What the notifier makes of one event: who it is about, which kind, and the message's values. */
export interface Notice {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly kind: NotificationKind;
  readonly studentId: string;
  /** The school whose name and time zone the notice uses; the student's when absent. */
  readonly schoolId?: string;
  readonly values: Omit<NoticeValues, 'studentName' | 'schoolName'>;
  /** Present when some values are read by id at delivery (a version-2 gradebook event). */
  readonly lookup?: NoticeLookup;
  /** An attendance mark (absence, tardy, or a correction of one). */
  readonly mark?: NoticeMark;
  /** A report-card mark: told once per letter, so a re-post of an unchanged mark tells nothing. */
  readonly reportCard?: { readonly sectionId: string; readonly gradingPeriod: string };
  /** A schedule change, by section: gathered with the others of its sitting into one notice. */
  readonly schedule?: { readonly added: readonly string[]; readonly dropped: readonly string[] };
}

const common = (detail: z.infer<typeof EventCommonSchema>) => ({ eventId: detail.eventId, occurredAt: detail.occurredAt });
const versionOf = (detail: unknown) => (detail as { eventVersion?: unknown } | null)?.eventVersion;

/** An attendance event's notice; what it says to each family (a notice, a correction, a summary line, nothing) is decided per family. */
function attendance(detail: unknown): Notice {
  const mark = AttendanceMarkSchema.parse(detail);
  return {
    ...common(mark),
    kind: mark.category === 'absent' ? 'absence' : mark.category === 'tardy' ? 'tardy' : 'attendanceCorrected',
    studentId: mark.studentId,
    schoolId: mark.schoolId,
    values: { date: mark.date, periodCount: mark.periods.length, periods: mark.periods.join(', '), excused: mark.excused === true },
    mark: { sectionId: mark.sectionId, date: mark.date, category: mark.category, excused: mark.excused === true, periods: mark.periods },
  };
}

/**
 * The notice an event gives, or undefined when it gives none.
 * Throws when a listed event's detail does not have the fields a notice needs.
 */
export function noticeOf(detailType: string, detail: unknown): Notice | undefined {
  switch (detailType) {
    case 'Student Marked Absent':
    case 'Student Marked Tardy':
      return attendance(detail);
    case 'Attendance Corrected':
      return attendance(detail);
    case 'Student Enrolled': {
      const enrolled = StudentEnrolledSchema.parse(currentDetail(ENROLLMENT_EVENTS.studentEnrolled, detail));
      return {
        ...common(enrolled),
        kind: 'enrollmentCompleted',
        studentId: enrolled.enrollment.studentId,
        schoolId: enrolled.enrollment.schoolId,
        values: { date: enrolled.enrollment.entryDate, gradeLevel: enrolled.enrollment.gradeLevel },
      };
    }
    case 'Student Schedule Changed': {
      // Either version: the counts are all a notice says (version 1 is upgraded, its titles dropped).
      const changed = StudentScheduleChangedSchema.parse(currentDetail(SCHEDULING_EVENTS.studentScheduleChanged, detail));
      return {
        ...common(changed),
        kind: 'scheduleChanged',
        studentId: changed.studentId,
        schoolId: changed.schoolId,
        values: { addedCount: changed.added.length, droppedCount: changed.dropped.length },
        schedule: { added: changed.added.map((entry) => entry.sectionId), dropped: changed.dropped.map((entry) => entry.sectionId) },
      };
    }
    case 'Behavior Record Created': {
      // Incidents tell nobody by themselves; a discipline action tells the family of the student it is about.
      const created = ConfidentialRecordEventSchema.parse(detail);
      const { studentId, recordId } = created.ids;
      if (created.recordType !== 'behaviorRecord' || created.kind !== 'action' || !studentId || !recordId) return undefined;
      return {
        ...common(created),
        kind: 'disciplinaryAction',
        studentId,
        ...(created.schoolIds?.[0] ? { schoolId: created.schoolIds[0] } : {}),
        values: {},
        lookup: { kind: 'disciplinaryAction', studentId, recordId },
      };
    }
    case GRADEBOOK_DETAIL_TYPES.lowGrade:
      return lowGrade(detail);
    case GRADEBOOK_DETAIL_TYPES.assignmentMissing:
      return assignmentMissing(detail);
    case GRADEBOOK_DETAIL_TYPES.gradePosted:
      return gradePosted(detail);
    default:
      return undefined;
  }
}

// The gradebook's notices. Version 2 (decision 0089) carries ids: the notice names what to read.
// Version 1 (archived events, events queued during a rollout) carries the values and is read as is.

function lowGrade(detail: unknown): Notice {
  if (versionOf(detail) === 1) {
    const low = LowGradeSchemaV1.parse(detail);
    return {
      ...common(low),
      kind: 'lowGrade',
      studentId: low.studentId,
      schoolId: low.section.schoolId,
      values: {
        courseTitle: low.section.courseTitle,
        percent: low.percent,
        letter: low.letter,
        // The templates leave the period out when there is none (a select on this value).
        gradingPeriodName: low.gradingPeriod?.name ?? 'none',
      },
    };
  }
  const low = LowGradeSchema.parse(detail);
  return {
    ...common(low),
    kind: 'lowGrade',
    studentId: low.studentId,
    schoolId: low.section.schoolId,
    values: {},
    lookup: {
      kind: 'lowGrade',
      eventId: low.eventId,
      sectionId: low.section.sectionId,
      studentId: low.studentId,
      ...(low.gradingPeriod ? { gradingPeriod: low.gradingPeriod.code } : {}),
    },
  };
}

function assignmentMissing(detail: unknown): Notice {
  if (versionOf(detail) === 1) {
    const missing = AssignmentMissingSchemaV1.parse(detail);
    return {
      ...common(missing),
      kind: 'missingAssignment',
      studentId: missing.studentId,
      schoolId: missing.section.schoolId,
      values: { courseTitle: missing.section.courseTitle, assignmentTitle: missing.assignment.title, dueDate: missing.assignment.dueDate },
    };
  }
  const missing = AssignmentMissingSchema.parse(detail);
  return {
    ...common(missing),
    kind: 'missingAssignment',
    studentId: missing.studentId,
    schoolId: missing.section.schoolId,
    values: {},
    lookup: { kind: 'missingAssignment', sectionId: missing.section.sectionId, assignmentId: missing.assignmentId },
  };
}

function gradePosted(detail: unknown): Notice {
  if (versionOf(detail) === 1) {
    const posted = GradePostedSchemaV1.parse(detail);
    return {
      ...common(posted),
      kind: 'reportCardPosted',
      studentId: posted.studentId,
      schoolId: posted.section.schoolId,
      values: {
        courseTitle: posted.section.courseTitle,
        letter: posted.mark.letter,
        gradingPeriodName: posted.gradingPeriod.name,
        corrected: posted.corrected,
      },
      reportCard: { sectionId: posted.section.sectionId, gradingPeriod: posted.gradingPeriod.code },
    };
  }
  const posted = GradePostedSchema.parse(detail);
  return {
    ...common(posted),
    kind: 'reportCardPosted',
    studentId: posted.studentId,
    schoolId: posted.section.schoolId,
    values: { corrected: posted.corrected },
    reportCard: { sectionId: posted.section.sectionId, gradingPeriod: posted.gradingPeriod.code },
    lookup: {
      kind: 'reportCardPosted',
      sectionId: posted.section.sectionId,
      studentId: posted.studentId,
      gradingPeriod: posted.gradingPeriod.code,
      ...(posted.recordVersion !== undefined ? { recordVersion: posted.recordVersion } : {}),
    },
  };
}
