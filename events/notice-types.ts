import { GRADEBOOK_DETAIL_TYPES } from '../domain/gradebook/events';

// No zod here: the manifest imports this list, and every function imports the manifest.
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
  // A discipline action recorded (decision 0153): the event names the record; the notice's values are read at delivery.
  'Behavior Record Created',
  GRADEBOOK_DETAIL_TYPES.lowGrade,
  GRADEBOOK_DETAIL_TYPES.assignmentMissing,
  GRADEBOOK_DETAIL_TYPES.gradePosted,
] as const;
