import type { Catalog } from '../catalog-types';

const OF_PERIODS = '{periodCount, plural, zero {# حصة} one {حصة واحدة} two {حصتين} few {# حصص} many {# حصة} other {# حصة}}';
const PERIODS = '{periodCount, plural, zero {# حصة} one {حصة واحدة} two {حصتان} few {# حصص} many {# حصة} other {# حصة}}';
const NOTICES =
  '{count, plural, zero {لا إشعارات جديدة} one {إشعار جديد واحد} two {إشعاران جديدان} few {# إشعارات جديدة} many {# إشعارًا جديدًا} other {# إشعار جديد}}';
const WHAT = '{category, select, tardy {تأخر} other {غياب}}';

/** Arabic. */
export const AR: Catalog = {
  absence: {
    subject: 'تم تسجيل غياب {studentName} يوم {date, date, day}',
    body:
      `تم تسجيل غياب {studentName} {excused, select, true {(بعذر) } other {}}عن ${OF_PERIODS} ({periods}) يوم {date, date, day} في {schoolName}. ` +
      'إذا لم تكن تتوقع ذلك، يرجى التواصل مع مكتب المدرسة.',
    sms: `{schoolName}: غياب {studentName} يوم {date, date, dm}، ${PERIODS}.`,
  },
  tardy: {
    subject: 'تأخر {studentName} يوم {date, date, day}',
    body: `تأخر {studentName} عن ${OF_PERIODS} ({periods}) يوم {date, date, day} في {schoolName}.`,
    sms: `{schoolName}: تأخر {studentName} يوم {date, date, dm}، ${PERIODS}.`,
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {يرجى تجاهل الإشعار السابق: كان {studentName} حاضرًا يوم {date, date, day}} ' +
      `excused {تصحيح: ${WHAT} {studentName} يوم {date, date, day} بعذر} ` +
      `unexcused {تصحيح: ${WHAT} {studentName} يوم {date, date, day} بدون عذر} ` +
      'absent {تصحيح: كان {studentName} غائبًا يوم {date, date, day} وليس متأخرًا} ' +
      'other {تصحيح: كان {studentName} متأخرًا يوم {date, date, day} وليس غائبًا}}',
    body:
      '{change, select, present {يرجى تجاهل إشعارنا السابق: كان {studentName} حاضرًا في الحصص {periods} يوم {date, date, day} في {schoolName}.} ' +
      `excused {تصحيح: أصبح ${WHAT} {studentName} في الحصص {periods} يوم {date, date, day} بعذر.} ` +
      `unexcused {تصحيح: أصبح ${WHAT} {studentName} في الحصص {periods} يوم {date, date, day} مسجلًا بدون عذر. إذا كان لديك عذر مكتوب، يرجى إرساله إلى مكتب المدرسة.} ` +
      'absent {تصحيح: أصبح {studentName} مسجلًا غائبًا وليس متأخرًا في الحصص {periods} يوم {date, date, day}.} ' +
      'other {تصحيح: أصبح {studentName} مسجلًا متأخرًا وليس غائبًا في الحصص {periods} يوم {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {تجاهلوا السابق، كان {studentName} حاضرًا يوم {date, date, dm}.} ' +
      `excused {${WHAT} {studentName} يوم {date, date, dm} بعذر.} unexcused {${WHAT} {studentName} يوم {date, date, dm} بدون عذر.} ` +
      'absent {تصحيح، {studentName} غائب يوم {date, date, dm} وليس متأخرًا.} other {تصحيح، {studentName} متأخر يوم {date, date, dm} وليس غائبًا.}}',
  },
  attendanceSummary: {
    subject: 'حضور {studentName} يوم {date, date, day}',
    body:
      'حضور {studentName} يوم {date, date, day} في {schoolName}:\nغياب: {absentPeriods}\nتأخر: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nبعذر: #.}}\nجميع السجلات في بوابة أولياء الأمور.',
    sms: '{schoolName}: {studentName} {date, date, dm}: غياب {absentCount}، تأخر {tardyCount}.',
  },
  lowGrade: {
    subject: 'درجة {studentName} في {courseTitle} هي {letter}',
    body: 'الدرجة الحالية لـ{studentName} في {courseTitle}{gradingPeriodName, select, none {} other { عن {gradingPeriodName}}} هي {percent, number, ::percent .##} ({letter}). يمكن للمعلم أن يقترح طرقًا لتحسينها.',
    sms: '{studentName}: درجة {courseTitle} الآن {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: 'واجب لم يُسلَّم لـ{studentName} في {courseTitle}',
    body: 'الواجب "{assignmentTitle}" في {courseTitle}، المستحق في {dueDate, date, day}، مسجل على أنه لم يُسلَّم من {studentName}.',
    sms: '{studentName}: لم يُسلَّم "{assignmentTitle}" ({courseTitle}).',
  },
  reportCardPosted: {
    subject: '{corrected, select, true {تصحيح درجة {studentName} في {courseTitle}} other {درجة جديدة لـ{studentName} في {courseTitle}}}',
    body:
      '{corrected, select, true {تم تصحيح درجة {studentName} في {courseTitle} عن {gradingPeriodName} إلى {letter}.} other {حصل {studentName} على {letter} في {courseTitle} عن {gradingPeriodName}.}} ' +
      'اطلع على بطاقة التقرير في بوابة أولياء الأمور.',
    sms: '{studentName}: {letter} في {courseTitle} ({gradingPeriodName}){corrected, select, true {، مصححة} other {}}.',
  },
  enrollmentCompleted: {
    subject: 'تم تسجيل {studentName} في {schoolName}',
    body: 'أهلًا وسهلًا! تم تسجيل {studentName} في الصف {gradeLevel} في {schoolName}، ابتداءً من {date, date, day}.',
    sms: 'تم تسجيل {studentName} في {schoolName} ابتداءً من {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'تغير جدول حصص {studentName}',
    body: 'تغير جدول {studentName}: الحصص المضافة: {addedCount}، الحصص المحذوفة: {droppedCount}. اطلع على الجدول الجديد في بوابة أولياء الأمور.',
    sms: 'تغير جدول {studentName} (+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: 'إجراء تأديبي بحق {studentName}',
    body:
      'سجّلت مدرسة {studentName} {action, select, warning {إنذارًا} parentConference {اجتماعًا مع ولي الأمر} restorativeConference {لقاءً إصلاحيًا} detention {احتجازًا بعد الدوام} inSchoolSuspension {إيقافًا داخل المدرسة} outOfSchoolSuspension {إيقافًا عن الحضور إلى المدرسة} expulsion {فصلًا من المدرسة} other {إجراءً تأديبيًا}} ابتداءً من {date, date, day}{days, plural, =0 {} zero {} one { (يوم دراسي واحد)} two { (يومان دراسيان)} few { (# أيام دراسية)} many { (# يومًا دراسيًا)} other { (# يوم دراسي)}}. ' +
      'للاستفسار يرجى التواصل مع {schoolName}؛ التفاصيل في بوابة أولياء الأمور.',
    sms: '{schoolName}: إجراء تأديبي بحق {studentName} من {date, date, dm}.',
  },
  digest: {
    subject: `${NOTICES} من المدرسة`,
    body: `لديك ${NOTICES}:\n{items}`,
    sms: `${NOTICES} من المدرسة. راجع بوابة أولياء الأمور.`,
  },
};
