import * as z from 'zod';
import { GRADEBOOK_DETAIL_TYPES } from '../domain/gradebook/events';
import type { NotificationKind } from '../domain/notifications/preferences';
import type { NoticeValues } from '../domain/notifications/templates';
import {
  AttendanceMarkSchema,
  currentDetail,
  ENROLLMENT_EVENTS,
  EventCommonSchema,
  StudentEnrolledSchema,
  StudentScheduleChangedSchema,
} from './catalog';

/**
 * Which domain events families are told about, and what a notice needs from each. The bus rule
 * of the notifier matches these detail types (functions/manifest.ts), so an event listed here
 * starts reaching families as soon as its context publishes it: the gradebook's are mapped by
 * name ahead of their catalog entries.
 */
export const NOTICE_DETAIL_TYPES = [
  'Student Marked Absent',
  'Student Marked Tardy',
  'Attendance Corrected',
  'Student Enrolled',
  'Student Schedule Changed',
  GRADEBOOK_DETAIL_TYPES.lowGrade,
  GRADEBOOK_DETAIL_TYPES.assignmentMissing,
  GRADEBOOK_DETAIL_TYPES.gradePosted,
] as const;

/** What the notifier makes of one event: who it is about, which kind, and the message's values. */
export interface Notice {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly kind: NotificationKind;
  readonly studentId: string;
  /** The school whose name and time zone the notice uses; the student's when absent. */
  readonly schoolId?: string;
  readonly values: Omit<NoticeValues, 'studentName' | 'schoolName'>;
}

const SectionRef = z.looseObject({ sectionId: z.string(), schoolId: z.string(), courseTitle: z.string() });
const LowGradeSchema = EventCommonSchema.extend({
  studentId: z.string(),
  section: SectionRef,
  percent: z.number(),
  letter: z.string(),
  gradingPeriod: z.looseObject({ name: z.string() }).optional(),
});
const AssignmentMissingSchema = EventCommonSchema.extend({
  studentId: z.string(),
  section: SectionRef,
  assignment: z.looseObject({ title: z.string(), dueDate: z.string() }),
});
const GradePostedSchema = EventCommonSchema.extend({
  studentId: z.string(),
  section: SectionRef,
  gradingPeriod: z.looseObject({ name: z.string() }),
  mark: z.looseObject({ letter: z.string() }),
});

const common = (detail: z.infer<typeof EventCommonSchema>) => ({ eventId: detail.eventId, occurredAt: detail.occurredAt });

function attendance(detail: unknown): Notice | undefined {
  const mark = AttendanceMarkSchema.parse(detail);
  if (mark.category === 'present') return undefined;
  return {
    ...common(mark),
    kind: mark.category === 'absent' ? 'absence' : 'tardy',
    studentId: mark.studentId,
    schoolId: mark.schoolId,
    values: { date: mark.date, periodCount: mark.periods.length, periods: mark.periods.join(', '), excused: mark.excused === true },
  };
}

/**
 * The notice an event gives, or undefined when it gives none (a mark corrected to present).
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
      const changed = StudentScheduleChangedSchema.parse(detail);
      return {
        ...common(changed),
        kind: 'scheduleChanged',
        studentId: changed.studentId,
        schoolId: changed.schoolId,
        values: { addedCount: changed.added.length, droppedCount: changed.dropped.length },
      };
    }
    case GRADEBOOK_DETAIL_TYPES.lowGrade: {
      const low = LowGradeSchema.parse(detail);
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
    case GRADEBOOK_DETAIL_TYPES.assignmentMissing: {
      const missing = AssignmentMissingSchema.parse(detail);
      return {
        ...common(missing),
        kind: 'missingAssignment',
        studentId: missing.studentId,
        schoolId: missing.section.schoolId,
        values: {
          courseTitle: missing.section.courseTitle,
          assignmentTitle: missing.assignment.title,
          dueDate: missing.assignment.dueDate,
        },
      };
    }
    case GRADEBOOK_DETAIL_TYPES.gradePosted: {
      const posted = GradePostedSchema.parse(detail);
      return {
        ...common(posted),
        kind: 'reportCardPosted',
        studentId: posted.studentId,
        schoolId: posted.section.schoolId,
        values: { courseTitle: posted.section.courseTitle, letter: posted.mark.letter, gradingPeriodName: posted.gradingPeriod.name },
      };
    }
    default:
      return undefined;
  }
}
