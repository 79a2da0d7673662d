import type { Catalog } from '../catalog-types';

const WHAT = '{category, select, tardy {ուշացումը} other {բացակայությունը}}';

/** Armenian (Eastern). */
export const HY: Catalog = {
  absence: {
    subject: '{studentName}-ը նշվել է բացակա ({date, date, day})',
    body:
      '{studentName}-ը նշվել է բացակա {periodCount} դասաժամից ({periods}){excused, select, true { (հարգելի պատճառով)} other {}}՝ {date, date, day}, {schoolName}։ ' +
      'Եթե դա անսպասելի է, խնդրում ենք կապվել դպրոցի գրասենյակի հետ։',
    sms: '{schoolName}. {studentName}-ը բացակա է {date, date, dm}, {periodCount} դասաժամ։',
  },
  tardy: {
    subject: '{studentName}-ը ուշացել է ({date, date, day})',
    body: '{studentName}-ը ուշացել է {periodCount} դասի ({periods})՝ {date, date, day}, {schoolName}։',
    sms: '{schoolName}. {studentName}-ը ուշացել է {date, date, dm}, {periodCount} դաս։',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Խնդրում ենք անտեսել նախորդ ծանուցումը. {studentName}-ը ներկա է եղել ({date, date, day})} ' +
      `excused {Ուղղում. {studentName}-ի ${WHAT} ({date, date, day}) հարգելի է} ` +
      `unexcused {Ուղղում. {studentName}-ի ${WHAT} ({date, date, day}) անհարգելի է} ` +
      'absent {Ուղղում. {studentName}-ը բացակա է եղել, ոչ թե ուշացել ({date, date, day})} ' +
      'other {Ուղղում. {studentName}-ը ուշացել է, ոչ թե բացակայել ({date, date, day})}}',
    body:
      '{change, select, present {Խնդրում ենք անտեսել մեր նախորդ ծանուցումը. {studentName}-ը ներկա է եղել {periods} դասերին՝ {date, date, day}, {schoolName}։} ' +
      `excused {Ուղղում. {studentName}-ի ${WHAT} {periods} դասերից՝ {date, date, day}, այժմ հարգելի է։} ` +
      `unexcused {Ուղղում. {studentName}-ի ${WHAT} {periods} դասերից՝ {date, date, day}, այժմ նշված է որպես անհարգելի։ Եթե ունեք տեղեկանք, խնդրում ենք ուղարկել դպրոցի գրասենյակ։} ` +
      'absent {Ուղղում. {studentName}-ը այժմ նշված է բացակա, ոչ թե ուշացած, {periods} դասերին՝ {date, date, day}։} ' +
      'other {Ուղղում. {studentName}-ը այժմ նշված է ուշացած, ոչ թե բացակա, {periods} դասերին՝ {date, date, day}։}}',
    sms:
      '{schoolName}. {change, select, present {անտեսեք նախորդը, {studentName}-ը ներկա էր {date, date, dm}։} ' +
      'excused {{studentName}, {date, date, dm}՝ հարգելի։} unexcused {{studentName}, {date, date, dm}՝ անհարգելի։} ' +
      'absent {ուղղում, {studentName}-ը բացակա էր {date, date, dm}, ոչ ուշացած։} other {ուղղում, {studentName}-ը ուշացել էր {date, date, dm}, ոչ բացակա։}}',
  },
  attendanceSummary: {
    subject: '{studentName}-ի հաճախումը ({date, date, day})',
    body:
      '{studentName}-ի հաճախումը՝ {date, date, day}, {schoolName}.\nԲացակա՝ {absentPeriods}\nՈւշացում՝ {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nՀարգելի՝ #։}}\nԲոլոր նշումները ծնողների պորտալում են։',
    sms: '{schoolName}. {studentName} {date, date, dm}՝ բացակա {absentCount}, ուշացում {tardyCount}։',
  },
  lowGrade: {
    subject: '{studentName}-ի գնահատականը {courseTitle} առարկայից {letter} է',
    body: '{studentName}-ի ընթացիկ գնահատականը {courseTitle} առարկայից{gradingPeriodName, select, none {} other { ({gradingPeriodName})}} {percent, number, ::percent .##} է ({letter})։ Ուսուցիչը կարող է խորհուրդ տալ, թե ինչպես բարելավել այն։',
    sms: '{studentName}. {courseTitle}՝ {percent, number, ::percent .##} ({letter})։',
  },
  missingAssignment: {
    subject: '{studentName}-ը չի հանձնել առաջադրանք {courseTitle} առարկայից',
    body: '{courseTitle} առարկայի «{assignmentTitle}» առաջադրանքը (վերջնաժամկետ՝ {dueDate, date, day}) նշված է որպես {studentName}-ի կողմից չհանձնված։',
    sms: '{studentName}. «{assignmentTitle}» ({courseTitle}) չի հանձնվել։',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {{studentName}-ի գնահատականը {courseTitle} առարկայից ուղղվել է} other {{studentName}-ը նոր գնահատական ունի {courseTitle} առարկայից}}',
    body:
      '{corrected, select, true {{studentName}-ի գնահատականը {courseTitle} առարկայից ({gradingPeriodName}) ուղղվել է. այժմ՝ {letter}։} other {{studentName}-ը ստացել է {letter} {courseTitle} առարկայից ({gradingPeriodName})։}} ' +
      'Տեղեկագիրը տեսեք ծնողների պորտալում։',
    sms: '{studentName}. {letter}, {courseTitle} ({gradingPeriodName}){corrected, select, true {, ուղղված} other {}}։',
  },
  enrollmentCompleted: {
    subject: '{studentName}-ը գրանցված է {schoolName}-ում',
    body: 'Բարի գալուստ։ {studentName}-ը գրանցված է {schoolName}-ի {gradeLevel}-րդ դասարանում՝ սկսած {date, date, day}։',
    sms: '{studentName}-ը գրանցված է {schoolName}-ում՝ {date, date, dm}-ից։',
  },
  scheduleChanged: {
    subject: '{studentName}-ի դասացուցակը փոխվել է',
    body: '{studentName}-ի դասացուցակը փոխվել է. ավելացվել է {addedCount} դաս, հանվել է {droppedCount} դաս։ Նոր դասացուցակը տեսեք ծնողների պորտալում։',
    sms: '{studentName}-ի դասացուցակը փոխվել է (+{addedCount}/-{droppedCount})։',
  },
  disciplinaryAction: {
    subject: 'Կարգապահական միջոց {studentName}-ի համար',
    body:
      '{studentName}-ի դպրոցը գրանցել է {action, select, warning {նախազգուշացում} parentConference {հանդիպում ծնողների հետ} restorativeConference {վերականգնողական հանդիպում} detention {դասերից հետո մնալ} inSchoolSuspension {դպրոցում դասերից հեռացում} outOfSchoolSuspension {դպրոցից ժամանակավոր հեռացում} expulsion {դպրոցից վտարում} other {կարգապահական միջոց}}՝ {date, date, day}-ից{days, plural, =0 {} other { (# ուսումնական օր)}}։ ' +
      'Հարցերի դեպքում դիմեք {schoolName}-ին. մանրամասները ծնողների պորտալում են։',
    sms: '{schoolName}. կարգապահական միջոց {studentName}-ի համար {date, date, dm}-ից։',
  },
  digest: {
    subject: '{count} նոր ծանուցում դպրոցից',
    body: 'Դուք ունեք {count} նոր ծանուցում.\n{items}',
    sms: '{count} նոր ծանուցում դպրոցից։ Տեսեք ծնողների պորտալը։',
  },
};
