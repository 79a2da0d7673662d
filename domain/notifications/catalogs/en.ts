import type { Catalog } from '../catalog-types';

/** English: the district's default, and the fallback of a language with no catalog. */
export const EN: Catalog = {
  absence: {
    subject: '{studentName} was marked absent on {date, date, day}',
    body:
      '{studentName} was marked absent {excused, select, true {(excused) } other {}}for {periodCount, plural, one {# period} other {# periods}} ({periods}) on {date, date, day} at {schoolName}. ' +
      'If you did not expect this, please contact the school office.',
    sms: '{schoolName}: {studentName} absent {date, date, dm}, {periodCount, plural, one {# period} other {# periods}}.',
  },
  tardy: {
    subject: '{studentName} was late on {date, date, day}',
    body: '{studentName} arrived late to {periodCount, plural, one {# class} other {# classes}} ({periods}) on {date, date, day} at {schoolName}.',
    sms: '{schoolName}: {studentName} late {date, date, dm}, {periodCount, plural, one {# class} other {# classes}}.',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Please disregard: {studentName} was present on {date, date, day}} ' +
      "excused {Correction: {studentName}'s {category, select, tardy {late arrival} other {absence}} on {date, date, day} is excused} " +
      "unexcused {Correction: {studentName}'s {category, select, tardy {late arrival} other {absence}} on {date, date, day} is unexcused} " +
      'absent {Correction: {studentName} was absent, not late, on {date, date, day}} ' +
      'other {Correction: {studentName} was late, not absent, on {date, date, day}}}',
    body:
      '{change, select, present {Please disregard our earlier notice: {studentName} was present in {periods} on {date, date, day} at {schoolName}.} ' +
      "excused {Correction: {studentName}'s {category, select, tardy {late arrival} other {absence}} in {periods} on {date, date, day} is now excused.} " +
      "unexcused {Correction: {studentName}'s {category, select, tardy {late arrival} other {absence}} in {periods} on {date, date, day} is now marked unexcused. If you have a note for it, please send it to the school office.} " +
      'absent {Correction: {studentName} is now marked absent, not late, in {periods} on {date, date, day}.} ' +
      'other {Correction: {studentName} is now marked late, not absent, in {periods} on {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {please disregard, {studentName} was present {date, date, dm}.} ' +
      'excused {{studentName} {date, date, dm} now excused.} unexcused {{studentName} {date, date, dm} now unexcused.} ' +
      'absent {correction, {studentName} absent {date, date, dm}, not late.} other {correction, {studentName} late {date, date, dm}, not absent.}}',
  },
  attendanceSummary: {
    subject: "{studentName}'s attendance on {date, date, day}",
    body:
      "{studentName}'s attendance on {date, date, day} at {schoolName}:\nAbsent: {absentPeriods}\nLate: {tardyPeriods}" +
      '{excusedCount, plural, =0 {} one {\n# of them is excused.} other {\n# of them are excused.}}\nEvery mark is in the parent portal.',
    sms: '{schoolName}: {studentName} {date, date, dm}: absent {absentCount}, late {tardyCount}.',
  },
  lowGrade: {
    subject: "{studentName}'s grade in {courseTitle} is {letter}",
    body: "{studentName}'s current grade in {courseTitle}{gradingPeriodName, select, none {} other { for {gradingPeriodName}}} is {percent, number, ::percent .##} ({letter}). Their teacher can suggest how to improve it.",
    sms: '{studentName}: {courseTitle} grade now {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: '{studentName} is missing an assignment in {courseTitle}',
    body: '"{assignmentTitle}" in {courseTitle}, due {dueDate, date, day}, is marked missing for {studentName}.',
    sms: '{studentName}: "{assignmentTitle}" ({courseTitle}) is missing.',
  },
  reportCardPosted: {
    subject:
      "{corrected, select, true {{studentName}'s mark in {courseTitle} was corrected} other {{studentName} has a new mark in {courseTitle}}}",
    body:
      "{corrected, select, true {{studentName}'s mark in {courseTitle} for {gradingPeriodName} was corrected to {letter}.} other {{studentName} received {letter} in {courseTitle} for {gradingPeriodName}.}} " +
      'See the report card in the parent portal.',
    sms: '{studentName}: {letter} in {courseTitle} ({gradingPeriodName}){corrected, select, true {, corrected} other {}}.',
  },
  enrollmentCompleted: {
    subject: '{studentName} is enrolled at {schoolName}',
    body: 'Welcome! {studentName} is enrolled in grade {gradeLevel} at {schoolName}, starting {date, date, day}.',
    sms: '{studentName} is enrolled at {schoolName} from {date, date, dm}.',
  },
  scheduleChanged: {
    subject: "{studentName}'s class schedule changed",
    body:
      "{studentName}'s schedule changed: {addedCount, plural, =0 {no class} one {# class} other {# classes}} added, " +
      '{droppedCount, plural, =0 {no class} one {# class} other {# classes}} dropped. See the new schedule in the parent portal.',
    sms: "{studentName}'s schedule changed (+{addedCount}/-{droppedCount}).",
  },
  disciplinaryAction: {
    subject: 'A discipline action for {studentName}',
    body:
      "{studentName}'s school recorded {action, select, warning {a warning} parentConference {a parent conference} restorativeConference {a restorative conference} detention {a detention} inSchoolSuspension {an in-school suspension} outOfSchoolSuspension {an out-of-school suspension} expulsion {an expulsion} other {a discipline action}} starting {date, date, day}{days, plural, =0 {} one { (# school day)} other { (# school days)}}. " +
      'Please contact {schoolName} with any questions; the details are in the parent portal.',
    sms: '{schoolName}: a discipline action for {studentName} from {date, date, dm}. See the parent portal.',
  },
  digest: {
    subject: '{count, plural, one {# new notice} other {# new notices}} from school',
    body: 'You have {count, plural, one {# new notice} other {# new notices}}:\n{items}',
    sms: '{count, plural, one {# new school notice} other {# new school notices}}. See the parent portal.',
  },
};
