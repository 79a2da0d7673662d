import type { Catalog } from '../catalog-types';

const WHAT = '{category, select, tardy {تأخیر} other {غیبت}}';

/** Farsi (Persian); dates in the Gregorian calendar, as the school's are (templates.ts). */
export const FA: Catalog = {
  absence: {
    subject: 'غیبت {studentName} در {date, date, day} ثبت شد',
    body:
      'برای {studentName} در {date, date, day} در {schoolName} غیبت در {periodCount, number} زنگ ({periods}) ثبت شد{excused, select, true { (موجه)} other {}}. ' +
      'اگر انتظار آن را نداشتید، لطفاً با دفتر مدرسه تماس بگیرید.',
    sms: '{schoolName}: غیبت {studentName} در {date, date, dm}، {periodCount, number} زنگ.',
  },
  tardy: {
    subject: 'تأخیر {studentName} در {date, date, day}',
    body: '{studentName} در {date, date, day} در {schoolName} به {periodCount, number} کلاس ({periods}) با تأخیر رسید.',
    sms: '{schoolName}: تأخیر {studentName} در {date, date, dm}، {periodCount, number} کلاس.',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {لطفاً پیام قبلی را نادیده بگیرید: {studentName} در {date, date, day} حاضر بود} ' +
      `excused {اصلاح: ${WHAT} {studentName} در {date, date, day} موجه است} ` +
      `unexcused {اصلاح: ${WHAT} {studentName} در {date, date, day} غیرموجه است} ` +
      'absent {اصلاح: {studentName} در {date, date, day} غایب بود، نه با تأخیر} ' +
      'other {اصلاح: {studentName} در {date, date, day} با تأخیر رسید، غایب نبود}}',
    body:
      '{change, select, present {لطفاً پیام قبلی ما را نادیده بگیرید: {studentName} در زنگ {periods} در {date, date, day} در {schoolName} حاضر بود.} ' +
      `excused {اصلاح: ${WHAT} {studentName} در زنگ {periods} در {date, date, day} اکنون موجه است.} ` +
      `unexcused {اصلاح: ${WHAT} {studentName} در زنگ {periods} در {date, date, day} اکنون غیرموجه ثبت شده است. اگر گواهی دارید، لطفاً آن را به دفتر مدرسه بفرستید.} ` +
      'absent {اصلاح: {studentName} اکنون در زنگ {periods} در {date, date, day} غایب ثبت شده است، نه با تأخیر.} ' +
      'other {اصلاح: {studentName} اکنون در زنگ {periods} در {date, date, day} با تأخیر ثبت شده است، نه غایب.}}',
    sms:
      '{schoolName}: {change, select, present {پیام قبلی را نادیده بگیرید، {studentName} در {date, date, dm} حاضر بود.} ' +
      `excused {${WHAT} {studentName} در {date, date, dm} موجه شد.} unexcused {${WHAT} {studentName} در {date, date, dm} غیرموجه است.} ` +
      'absent {اصلاح، {studentName} در {date, date, dm} غایب بود، نه تأخیر.} other {اصلاح، {studentName} در {date, date, dm} تأخیر داشت، نه غیبت.}}',
  },
  attendanceSummary: {
    subject: 'حضور و غیاب {studentName} در {date, date, day}',
    body:
      'حضور و غیاب {studentName} در {date, date, day} در {schoolName}:\nغیبت: {absentPeriods}\nتأخیر: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nموجه: #.}}\nهمه ثبت‌ها در درگاه والدین است.',
    sms: '{schoolName}: {studentName} {date, date, dm}: غیبت {absentCount, number}، تأخیر {tardyCount, number}.',
  },
  lowGrade: {
    subject: 'نمره {studentName} در {courseTitle}: {letter}',
    body: 'نمره فعلی {studentName} در {courseTitle}{gradingPeriodName, select, none {} other { برای {gradingPeriodName}}} {percent, number, ::percent .##} ({letter}) است. معلم می‌تواند راه‌های بهبود آن را پیشنهاد کند.',
    sms: '{studentName}: نمره {courseTitle} اکنون {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: 'تکلیف تحویل‌نشده {studentName} در {courseTitle}',
    body: 'تکلیف «{assignmentTitle}» درس {courseTitle} با مهلت {dueDate, date, day} برای {studentName} تحویل‌نشده ثبت شده است.',
    sms: '{studentName}: «{assignmentTitle}» ({courseTitle}) تحویل نشده است.',
  },
  reportCardPosted: {
    subject: '{corrected, select, true {نمره {studentName} در {courseTitle} اصلاح شد} other {نمره جدید {studentName} در {courseTitle}}}',
    body:
      '{corrected, select, true {نمره {studentName} در {courseTitle} برای {gradingPeriodName} به {letter} اصلاح شد.} other {{studentName} در {courseTitle} برای {gradingPeriodName} نمره {letter} گرفت.}} ' +
      'کارنامه را در درگاه والدین ببینید.',
    sms: '{studentName}: {letter} در {courseTitle} ({gradingPeriodName}){corrected, select, true {، اصلاح‌شده} other {}}.',
  },
  enrollmentCompleted: {
    subject: '{studentName} در {schoolName} ثبت‌نام شد',
    body: 'خوش آمدید! {studentName} در پایه {gradeLevel} در {schoolName} ثبت‌نام شد و از {date, date, day} شروع می‌کند.',
    sms: '{studentName} از {date, date, dm} در {schoolName} ثبت‌نام شد.',
  },
  scheduleChanged: {
    subject: 'برنامه کلاسی {studentName} تغییر کرد',
    body: 'برنامه {studentName} تغییر کرد: {addedCount, number} کلاس اضافه و {droppedCount, number} کلاس حذف شد. برنامه جدید را در درگاه والدین ببینید.',
    sms: 'برنامه {studentName} تغییر کرد (+{addedCount, number}/-{droppedCount, number}).',
  },
  disciplinaryAction: {
    subject: 'اقدام انضباطی برای {studentName}',
    body:
      'مدرسهٔ {studentName} از {date, date, day} {action, select, warning {یک تذکر} parentConference {یک جلسه با والدین} restorativeConference {یک جلسهٔ ترمیمی} detention {یک ماندن پس از کلاس} inSchoolSuspension {یک تعلیق در مدرسه} outOfSchoolSuspension {یک تعلیق از مدرسه} expulsion {یک اخراج} other {یک اقدام انضباطی}}{days, plural, =0 {} other { (# روز درسی)}} ثبت کرد. ' +
      'برای پرسش با {schoolName} تماس بگیرید؛ جزئیات در درگاه والدین است.',
    sms: '{schoolName}: اقدام انضباطی برای {studentName} از {date, date, dm}.',
  },
  digest: {
    subject: '{count, number} پیام جدید از مدرسه',
    body: 'شما {count, number} پیام جدید دارید:\n{items}',
    sms: '{count, number} پیام جدید از مدرسه. درگاه والدین را ببینید.',
  },
};
